/** `key:value` of the inbox's field filter, split; null when empty or malformed. */
export function splitFieldFilter(filter: string): { key: string; value: string } | null {
  const at = filter.indexOf(':');
  return at > 0 ? { key: filter.slice(0, at), value: filter.slice(at + 1) } : null;
}

/** The server's field filter (custom-fields/field-filter.ts) judged on a ticket pushed live: same forms match. */
export function fieldHolds(values: Record<string, unknown>, filter: string): boolean {
  const f = splitFieldFilter(filter);
  if (!f) return true;
  const v = values[f.key];
  if (Array.isArray(v)) return v.includes(f.value);
  return v !== undefined && v !== null && String(v) === f.value;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The server's field sort (custom-fields/field-sort.ts) for live re-ordering: values first, in order, empty last. */
export function compareByField(a: Record<string, unknown>, b: Record<string, unknown>, key: string): number {
  const x = a[key];
  const y = b[key];
  if (isEmpty(x) || isEmpty(y)) return Number(isEmpty(x)) - Number(isEmpty(y));
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const sx = typeof x === 'string' ? x : JSON.stringify(x);
  const sy = typeof y === 'string' ? y : JSON.stringify(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
