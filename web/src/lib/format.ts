import { formatDuration as formatSecondsIn, formatNumber as formatNumberIn } from '../../../server/locale/index.ts';
import { currentLocale, t } from './i18n/index.svelte.ts';
import { session } from './session.svelte.ts';

const zone = () => session.user?.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;

function safeFormat(iso: string, opts: Intl.DateTimeFormatOptions): string {
  const d = new Date(iso);
  try {
    return new Intl.DateTimeFormat(currentLocale(), { ...opts, timeZone: zone() }).format(d);
  } catch {
    return new Intl.DateTimeFormat(currentLocale(), opts).format(d);
  }
}

/** Date and time in the user's time zone and language; the day is left out when it is today. */
export function formatDateTime(iso: string, now = new Date()): string {
  const sameDay = safeFormat(iso, { dateStyle: 'short' }) === safeFormat(now.toISOString(), { dateStyle: 'short' });
  return sameDay ? safeFormat(iso, { timeStyle: 'short' }) : safeFormat(iso, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatFull(iso: string): string {
  return safeFormat(iso, { dateStyle: 'full', timeStyle: 'long' });
}

/** The time since `fromIso` in its largest unit, in the user's language: "5 min", "3 hr", "2 days"; "5分钟"; "under 1 min", not "0 min". */
export function formatDuration(fromIso: string, now = Date.now()): string {
  const seconds = (now - new Date(fromIso).getTime()) / 1000;
  if (seconds < 30) return t('time.underMinute');
  return formatSecondsIn(seconds, currentLocale(), { parts: 1, smallest: 'minute' });
}

/** A number the way the user's language writes it: "1,234.5"; percentages from a share, "87.5%". */
export const formatNumber = (value: number, options?: Intl.NumberFormatOptions): string => formatNumberIn(value, currentLocale(), options);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
