import { and, eq, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { tickets, type TicketStatus } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import type { DomainEvent } from '../../events.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { syncTicketSla } from '../sla/sync-ticket-sla.ts';
import { inTransaction } from '../transaction.ts';
import type { TicketMutation } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';
import { recordEvent } from './record-event.ts';

type NewTicket = Pick<typeof tickets.$inferInsert, 'subject' | 'channel' | 'inboxId' | 'threadKey' | 'customerId' | 'teamId'>;

/** What an agent-started ticket may be left as: still open, waiting on the customer, or done with already. */
export const startStatuses = ['open', 'pending', 'resolved'] as const satisfies readonly TicketStatus[];
export type StartStatus = (typeof startStatuses)[number];

/**
 * The frame for a ticket an agent opens (a conversation they start, a call they record): one transaction that
 * finds or makes the customer (`prepare`), writes the ticket as theirs (assigned to them, answered by them now), its history, and whatever `work` adds
 * through the same TicketMutation the lifecycle verbs use; ticket.created is published after commit. A live
 * ticket already holding the conversation is a CONFLICT naming it.
 */
export async function createTicket<R>(
  ctx: ServiceContext,
  actor: Actor,
  action: string,
  prepare: (tx: Tx) => Promise<NewTicket & { status: StartStatus }>,
  work: (m: TicketMutation) => Promise<R>,
): Promise<R> {
  requireRole(actor, AGENT_ROLES, action);
  if (actor.type !== 'user') throw new ServiceError('FORBIDDEN', `${action} needs a signed-in agent`);
  return inTransaction(ctx, async (tx, emit) => {
    const now = ctx.now();
    const values = await prepare(tx);
    const [live] = await tx
      .select({ id: tickets.id, number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.channel, values.channel), eq(tickets.threadKey, values.threadKey), ne(tickets.status, 'closed')));
    if (live) {
      throw new ServiceError('CONFLICT', `This conversation is still going on in ticket #${live.number}: reply there`, {
        ticketId: live.id,
        ticketNumber: live.number,
      });
    }
    const resolved = values.status === 'resolved';
    const [row] = await tx
      .insert(tickets)
      .values({
        ...values,
        assigneeId: actor.id,
        firstResponseAt: now,
        lastAgentMessageAt: now,
        lastMessageAt: now,
        ...(resolved ? { resolvedAt: now } : {}),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // What `work` announces follows ticket.created, so no console hears of a message before its ticket.
    const later: DomainEvent[] = [];
    const m: TicketMutation = {
      tx,
      actor,
      now,
      ticket: row!,
      async update(set) {
        const [next] = await tx
          .update(tickets)
          .set({ ...set, updatedAt: now })
          .where(eq(tickets.id, m.ticket.id))
          .returning();
        m.ticket = next!;
        return m.ticket;
      },
      record: (event) => recordEvent(tx, actor, { ...event, ticketId: m.ticket.id }, now),
      emit: (e) => later.push(e),
      view: () => presentTicket(m.ticket),
    };
    await m.record({ kind: 'created', to: values.status, data: { channel: values.channel, startedBy: 'agent' } });
    await m.record({ kind: 'assigned', from: null, to: actor.id, data: { assigneeName: actor.name, action: 'start' } });
    const result = await work(m);
    m.ticket = (await syncTicketSla(tx, m.ticket, now)).ticket;
    // Done at once is a resolution like any other: the customer is asked to rate it where their channel can.
    if (resolved)
      await enqueue(
        tx,
        'csat.survey',
        { ticketId: m.ticket.id, resolvedAt: now.toISOString() },
        { dedupeKey: `csat:${m.ticket.id}:${now.toISOString()}` },
      );
    emit({ name: 'ticket.created', data: { ticket: m.view() } });
    later.forEach(emit);
    return result;
  });
}
