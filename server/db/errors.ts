/** Postgres unique_violation (23505), whether the driver error arrives bare or wrapped by drizzle. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const pgErr = e as { code?: unknown; constraint?: unknown };
    if (pgErr.code === '23505') return !constraint || pgErr.constraint === constraint;
  }
  return false;
}

/** What a caller is told when the database cannot be reached: nothing was written, a retry will do. */
export const DATABASE_UNAVAILABLE = 'The database is not answering (restarting or unreachable); nothing was saved: try again in a moment';

// SQLSTATE class 08 (connection exception), 57P01-03 (server shutting down, crashed, starting up).
const unavailableStates = /^(08...|57P0[123])$/;
const unavailableSyscalls = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-postgres reports a dropped or dead connection by message only.
const unavailableMessages =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)/;

/** The database was unreachable (down, restarting, network), as opposed to a query it refused; bare or wrapped by drizzle. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (unavailableStates.test(code) || unavailableSyscalls.has(code))) return true;
    if (typeof message === 'string' && unavailableMessages.test(message)) return true;
  }
  return false;
}

/**
 * PostgreSQL chose this transaction as a deadlock victim (40P01) or could not serialise it (40001): nothing of it
 * was written, and running it again is the documented remedy.
 */
export function isTransientConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code } = e as { code?: unknown };
    if (code === '40P01' || code === '40001') return true;
  }
  return false;
}
