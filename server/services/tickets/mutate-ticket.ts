import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { inTransaction } from '../transaction.ts';
import { presentTicket, type TicketView } from './present.ts';
import { recordEvent, type EventInput } from './record-event.ts';
import { loadVisibleTicket } from './visibility.ts';

type TicketRow = typeof tickets.$inferSelect;
type TicketSet = Partial<Omit<typeof tickets.$inferInsert, 'id' | 'number'>>;

export interface TicketMutation {
  tx: Tx;
  actor: Actor;
  now: Date;
  /** The locked row, kept current by update(). */
  ticket: TicketRow;
  update(set: TicketSet, change: string): Promise<TicketRow>;
  record(event: Omit<EventInput, 'ticketId'>): Promise<void>;
  emit(e: DomainEvent): void;
  view(): TicketView;
}

/**
 * The frame every lifecycle verb runs in: role check first, then one transaction holding the ticket's row
 * lock (visible to the actor, else NOT_FOUND), history rows through recordEvent, updatedAt bumped on change,
 * and ticket.updated published after commit, once, naming what changed.
 */
export async function mutateTicket<R>(
  ctx: ServiceContext,
  actor: Actor,
  ticketId: string,
  action: string,
  work: (m: TicketMutation) => Promise<R>,
): Promise<R> {
  requireRole(actor, AGENT_ROLES, action);
  return inTransaction(ctx, async (tx, emit) => {
    const now = ctx.now();
    const changes = new Set<string>();
    const m: TicketMutation = {
      tx,
      actor,
      now,
      ticket: await loadVisibleTicket(tx, actor, ticketId, { lock: true }),
      async update(set, change) {
        const [row] = await tx
          .update(tickets)
          .set({ ...set, updatedAt: now })
          .where(eq(tickets.id, m.ticket.id))
          .returning();
        m.ticket = row!;
        changes.add(change);
        return m.ticket;
      },
      record: (event) => recordEvent(tx, actor, { ...event, ticketId: m.ticket.id }, now),
      emit,
      view: () => presentTicket(m.ticket),
    };
    const result = await work(m);
    if (changes.size) emit({ name: 'ticket.updated', data: { ticket: m.view(), changes: [...changes] } });
    return result;
  });
}
