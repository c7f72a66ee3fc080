/** Rows of a raw `db.execute()` result: both drivers (PGlite, node-postgres) return `{ rows }`. */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
