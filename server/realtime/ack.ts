import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { toWireError } from '../wire-error.ts';
import type { Ack } from './events.ts';

const clientSend = z.object({ clientId: z.string().min(1).max(100) });

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
      reply({ ok: false, clientId, error: toWireError(err, { log, at: 'agents socket' }).error });
    }
  };
}
