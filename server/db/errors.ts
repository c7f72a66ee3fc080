/** Postgres unique_violation (23505), whether the driver error arrives bare or wrapped by drizzle. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const pgErr = e as { code?: unknown; constraint?: unknown };
    if (pgErr.code === '23505') return !constraint || pgErr.constraint === constraint;
  }
  return false;
}
