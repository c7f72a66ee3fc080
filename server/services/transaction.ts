import type { ServiceContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { DomainEvent } from '../events.ts';

/**
 * Runs `work` in one transaction and publishes the events it collected only after commit,
 * so no socket ever announces a change that was rolled back.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: Tx, emit: (e: DomainEvent) => void) => Promise<T>): Promise<T> {
  const pending: DomainEvent[] = [];
  const result = await ctx.db.transaction((tx) => work(tx, (e) => pending.push(e)));
  ctx.events.publish(pending);
  return result;
}
