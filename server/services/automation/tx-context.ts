import type { ServiceContext } from '../../context.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { DomainEvent, EventBus } from '../../events.ts';

/**
 * A context whose verbs run inside the caller's transaction: their own `transaction()` becomes a savepoint of
 * `tx`, and what they would publish after commit is handed to `emit` (the caller publishes after its commit).
 */
export function contextInTransaction(ctx: ServiceContext, tx: Tx, emit: (e: DomainEvent) => void): ServiceContext {
  const events = Object.create(ctx.events) as EventBus;
  events.publish = (list: readonly DomainEvent[]) => list.forEach(emit);
  return { ...ctx, db: tx as unknown as Db, events };
}
