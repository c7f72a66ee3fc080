import { z } from 'zod';
import { ServiceError } from '../../server/errors.ts';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../../server/db/errors.ts';
import type { Logger } from '../../server/logger.ts';
import type { WidgetError, WidgetErrorCode } from './protocol.ts';

/** A refusal in the widget's own codes (the protocol's WidgetErrorCode), for acks, connect_error and HTTP alike. */
export class WidgetFailure extends Error {
  constructor(
    readonly code: WidgetErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'WidgetFailure';
  }
}

export const widgetStatus: Record<WidgetErrorCode, 400 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503> = {
  VALIDATION: 400,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ORIGIN_NOT_ALLOWED: 403,
  INBOX_DISABLED: 403,
  CONFLICT: 409,
  GONE: 410,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Any error -> the protocol's WidgetError; unexpected ones are logged and never shown. */
export function toWidgetError(err: unknown, log: Logger): WidgetError {
  if (err instanceof WidgetFailure) return { code: err.code, message: err.message, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }) };
  if (err instanceof z.ZodError) {
    const first = err.issues[0];
    return { code: 'VALIDATION', message: first ? `Invalid ${first.path.join('.') || 'payload'}: ${first.message}` : 'Invalid payload' };
  }
  if (err instanceof ServiceError) {
    if (err.code === 'VALIDATION' || err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND' || err.code === 'CONFLICT' || err.code === 'GONE') return { code: err.code, message: err.message };
    if (err.code === 'PAYLOAD_TOO_LARGE') return { code: 'TOO_LARGE', message: err.message };
    if (err.code === 'RATE_LIMITED') {
      const secs = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
      return { code: 'RATE_LIMITED', message: err.message, retryAfterMs: secs * 1000 };
    }
  }
  if (err instanceof ServiceError && err.code === 'UNAVAILABLE') return { code: 'UNAVAILABLE', message: err.message };
  if (isDatabaseUnavailable(err)) return { code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE, retryAfterMs: 2_000 };
  log.error({ err }, 'widget request failed');
  return { code: 'INTERNAL', message: 'Something went wrong; try again' };
}
