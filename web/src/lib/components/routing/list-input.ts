/** "a, b，c" -> ["a", "b", "c"] (ASCII and full-width commas, as Chinese keyboards type them). */
export const parseList = (s: string): string[] =>
  s
    .split(/[,，\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
export const joinList = (xs: readonly string[] | undefined): string => (xs ?? []).join(', ');

/** Leaves out empty lists so a rule only carries the conditions that were filled in. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)),
  ) as Partial<T>;
}
