import { z } from 'zod';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/errors.ts';
import type { Logger } from '../logger.ts';
import { ServiceError } from '../errors.ts';
import { issuesOf } from '../services/parse-input.ts';
import type { Ack, AckError } from './events.ts';

const clientSend = z.object({ clientId: z.string().min(1).max(100) });

function toAckError(err: unknown, log: Logger): AckError {
  if (err instanceof ServiceError) return { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  if (err instanceof z.ZodError) {
    const issues = issuesOf(err);
    const first = issues[0];
    return { code: 'VALIDATION', message: first ? `Invalid payload: ${first.path || '(root)'}: ${first.message}` : 'Invalid payload', details: issues };
  }
  if (isDatabaseUnavailable(err)) return { code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE };
  log.error({ err }, 'socket handler failed');
  return { code: 'INTERNAL', message: 'Internal error' };
}

/**
 * A client send -> zod-checked payload -> handler -> Ack with the same error codes as HTTP. A send without an
 * ack callback is still handled; its failure is only logged.
 */
export function handled<S extends z.ZodType, T>(log: Logger, schema: S, fn: (payload: z.output<S>) => Promise<T>) {
  const full = clientSend.and(schema);
  return async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack<T | null>) => void) : () => {};
    const clientId = typeof (raw as { clientId?: unknown } | null)?.clientId === 'string' ? (raw as { clientId: string }).clientId : '';
    try {
      const payload = full.parse(raw) as z.output<S>;
      const data = await fn(payload);
      reply({ ok: true, clientId, data: data ?? null });
    } catch (err) {
      reply({ ok: false, clientId, error: toAckError(err, log) });
    }
  };
}
