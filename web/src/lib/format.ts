import { currentLocale } from './i18n/index.svelte.ts';
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

/** "5 min", "3 h", "2 d" in the user's language. */
export function formatDuration(fromIso: string, now = Date.now()): string {
  const mins = Math.max(0, Math.round((now - new Date(fromIso).getTime()) / 60_000));
  const unit = mins < 60 ? { value: mins, unit: 'minute' } : mins < 48 * 60 ? { value: Math.floor(mins / 60), unit: 'hour' } : { value: Math.floor(mins / 1440), unit: 'day' };
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: unit.unit, unitDisplay: 'short' }).format(unit.value);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
