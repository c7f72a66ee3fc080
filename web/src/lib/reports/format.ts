import { formatDuration } from '../../../../server/locale/index.ts';
import { formatNumber } from '../format.ts';
import { currentLocale } from '../i18n/index.svelte.ts';

/** Seconds in the user's language, two units at most: "45 sec", "12 min", "3 hr 5 min", "2 days 4 hr"; "—" when unknown. */
export const duration = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '—' : formatDuration(seconds, currentLocale());

/** A share (0.875) as "87.5%" in the user's language; "—" when unknown. */
export const percent = (share: number | null | undefined, digits = 1): string =>
  share === null || share === undefined ? '—' : formatNumber(share, { style: 'percent', maximumFractionDigits: digits });

/** A figure in the user's language ("1,234", "4.33"); "—" when unknown. */
export const figure = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : formatNumber(value));

export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const hours = Array.from({ length: 24 }, (_, h) => h);

/** Axis ticks for counts: whole numbers only (a chart of 0-3 tickets should not mark 0.5). */
export const countTicks = (scale: unknown): number[] => {
  const ticks = (scale as { ticks?: (n: number) => number[] }).ticks?.(5) ?? [];
  return ticks.filter(Number.isInteger);
};
