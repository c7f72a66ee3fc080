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
