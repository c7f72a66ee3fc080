import type { Locale } from './locales.ts';

export const formatNumber = (value: number, locale: Locale, options?: Intl.NumberFormatOptions): string =>
  new Intl.NumberFormat(locale, options).format(value);

type Unit = 'second' | 'minute' | 'hour' | 'day';
const inUnit = (value: number, unit: Unit, locale: Locale) => formatNumber(value, locale, { style: 'unit', unit, unitDisplay: 'short' });

export interface DurationOptions {
  /** 1: the largest unit only ("3 hr"); 2 (default): also the next one when it is not zero ("3 hr 5 min"). */
  parts?: 1 | 2;
  /** 'minute': never seconds, for waits and due times that move by the minute. */
  smallest?: 'second' | 'minute';
}

/**
 * Seconds the way people read them: "45 sec", "12 min", "3 hr 5 min", "2 days 4 hr"; "45秒", "12分钟",
 * "3小时5分钟", "2天4小时". Hours up to 48, days only beyond (a "1 day" wait would hide most of a second day).
 */
export function formatDuration(seconds: number, locale: Locale, { parts = 2, smallest = 'second' }: DurationOptions = {}): string {
  const s = Math.max(0, seconds);
  if (smallest === 'second' && Math.round(s) < 60) return inUnit(Math.round(s), 'second', locale);
  const m = Math.round(s / 60);
  if (m < 60) return inUnit(m, 'minute', locale);
  const h = Math.floor(m / 60);
  const [big, bigUnit, rest, restUnit]: [number, Unit, number, Unit] =
    h < 48 ? [h, 'hour', m % 60, 'minute'] : [Math.floor(h / 24), 'day', h % 24, 'hour'];
  const shown = [inUnit(big, bigUnit, locale), ...(parts > 1 && rest ? [inUnit(rest, restUnit, locale)] : [])];
  // A unit list, as Intl.DurationFormat (not in Node 20) joins it: "3 hr 5 min", "3小时5分钟".
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(shown);
}
