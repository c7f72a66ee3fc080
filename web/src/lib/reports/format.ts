/** Seconds as the shortest readable duration: "45 s", "12 min", "3 h 05 min", "2 d 4 h"; "—" when unknown. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const percent = (share: number | null | undefined, digits = 1): string =>
  share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)} %`;

export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const hours = Array.from({ length: 24 }, (_, h) => h);

/** Axis ticks for counts: whole numbers only (a chart of 0-3 tickets should not mark 0.5). */
export const countTicks = (scale: unknown): number[] => {
  const ticks = (scale as { ticks?: (n: number) => number[] }).ticks?.(5) ?? [];
  return ticks.filter(Number.isInteger);
};
