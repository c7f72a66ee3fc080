import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { httpStatusOf, ServiceError } from '../errors.ts';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/errors.ts';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './env.ts';
import { validationFailed } from './router.ts';

const httpCodes: Record<number, string> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The one place errors become HTTP: `{ error: { code, message, details? } }`, never a stack trace. */
export const onError = (log: Logger) => (err: Error, c: Context<AppEnv>) => {
  if (err instanceof ServiceError) {
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.code === 'RATE_LIMITED' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    return c.json({ error: { code: err.code, message: err.message, details: err.details } }, httpStatusOf[err.code]);
  }
  if (err instanceof ZodError) return validationFailed(c, err, 'input');
  if (err instanceof HTTPException) {
    const status = err.status;
    const message =
      status === 413
        ? 'Request body too large'
        : status === 415
          ? `Send the body as JSON (Content-Type: application/json), not ${c.req.header('content-type') || 'without a Content-Type'}`
          : err.message || 'Bad request';
    return c.json({ error: { code: httpCodes[status] ?? 'HTTP_ERROR', message } }, status);
  }
  const requestId = c.get('requestId');
  if (isDatabaseUnavailable(err)) {
    log.warn({ err: err.message, reqId: requestId, path: c.req.path }, 'database unavailable');
    c.header('Retry-After', '2');
    return c.json({ error: { code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE } }, 503);
  }
  log.error({ err, reqId: requestId, path: c.req.path }, 'unhandled error');
  return c.json({ error: { code: 'INTERNAL', message: `Internal error (request ${requestId})` } }, 500);
};
