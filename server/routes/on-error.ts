import type { Context } from 'hono';
import type { Logger } from '../logger.ts';
import { retryAfterSeconds, toWireError } from '../wire-error.ts';
import type { AppEnv } from './env.ts';

/** Hono's onError for the whole app (widget routes included): `{ error: { code, message, details? } }`, never a stack. */
export const onError = (log: Logger) => (err: Error, c: Context<AppEnv>) => {
  const { status, error } = toWireError(err, { log, ref: c.get('requestId'), at: c.req.path, contentType: c.req.header('content-type') });
  if (error.retryAfterMs !== undefined) c.header('Retry-After', String(retryAfterSeconds(error.retryAfterMs)));
  return c.json({ error }, status);
};
