import { randomUUID } from 'node:crypto';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './db/errors.ts';
import { httpStatusOf, ServiceError, type ErrorStatus, type ServiceErrorCode, type WireError } from './errors.ts';
import { invalidInput } from './invalid-input.ts';
import type { Logger } from './logger.ts';

/** A restarting database is usually back within seconds; sooner retries only add load. */
const DATABASE_RETRY_MS = 2_000;

const codeOfStatus: Partial<Record<number, ServiceErrorCode>> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export interface ErrorScope {
  log: Logger;
  /** Request id, quoted to the client and logged with an unexpected error so the two can be matched. */
  ref?: string;
  /** Where it happened (HTTP path, socket event), for the log only. */
  at?: string;
  /** The request's Content-Type, named when a body of the wrong type is refused. */
  contentType?: string;
}

/** Hono's own refusals (the validator's malformed JSON, zod-openapi's media-type check) in our codes. */
function fromHttpException(err: HTTPException, scope: ErrorScope): ServiceError {
  const code = codeOfStatus[err.status] ?? (err.status >= 500 ? 'INTERNAL' : 'VALIDATION');
  if (code === 'PAYLOAD_TOO_LARGE') return new ServiceError(code, 'Request body too large');
  if (code === 'UNSUPPORTED_MEDIA_TYPE') {
    return new ServiceError(
      code,
      `Send the body as JSON (Content-Type: application/json), not ${scope.contentType || 'without a Content-Type'}`,
    );
  }
  return new ServiceError(code, err.message || 'Bad request');
}

/**
 * Any thrown value -> what the client is told and the HTTP status that goes with it. The one mapper for HTTP,
 * the agents' socket acks and the widget; only unexpected errors are logged, and their text never leaves.
 */
export function toWireError(err: unknown, scope: ErrorScope): { status: ErrorStatus; error: WireError } {
  let known: ServiceError;
  if (err instanceof ServiceError) known = err;
  else if (err instanceof ZodError) known = invalidInput('input', err);
  else if (err instanceof HTTPException) known = fromHttpException(err, scope);
  else if (isDatabaseUnavailable(err)) {
    scope.log.warn({ err: (err as Error).message, reqId: scope.ref, at: scope.at }, 'database unavailable');
    known = new ServiceError('UNAVAILABLE', DATABASE_UNAVAILABLE, undefined, DATABASE_RETRY_MS);
  } else {
    const ref = scope.ref ?? randomUUID();
    scope.log.error({ err, reqId: ref, at: scope.at }, 'unhandled error');
    known = new ServiceError('INTERNAL', `Something went wrong on our side; try again (request ${ref})`);
  }
  const error: WireError = { code: known.code, message: known.message };
  if (known.details !== undefined) error.details = known.details;
  if (known.retryAfterMs !== undefined) error.retryAfterMs = known.retryAfterMs;
  return { status: httpStatusOf[known.code], error };
}

/** Retry-After is whole seconds: rounded up, so a client never comes back before the limit has passed. */
export const retryAfterSeconds = (ms: number) => Math.ceil(ms / 1000);
