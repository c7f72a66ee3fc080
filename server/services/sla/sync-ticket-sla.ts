import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { slaClocks, tickets, type SlaMetric } from '../../db/schema/index.ts';
import { presentTicket } from '../tickets/present.ts';
import { inTransaction } from '../transaction.ts';
import { desiredClocks, nextClock, type ClockRow } from './clock-plan.ts';
import { policyForTeam, termsFor } from './policy-for-team.ts';

type TicketRow = typeof tickets.$inferSelect;

export interface SlaSync {
  ticket: TicketRow;
  clocks: ClockRow[];
  /** The ticket's due-time columns changed. */
  changed: boolean;
}

/**
 * Brings a ticket's SLA clocks and its due-time columns in line with the ticket as it is now. The caller holds
 * the ticket's row lock: that lock is what serialises every writer of a ticket's clocks (verbs' hooks, the
 * scheduler on any node).
 */
export async function syncTicketSla(tx: Tx, ticket: TicketRow, now: Date): Promise<SlaSync> {
  const terms = termsFor(await policyForTeam(tx, ticket.teamId), ticket.priority);
  const rows = await tx.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id));
  const current = new Map<SlaMetric, ClockRow>(rows.map((c) => [c.metric, c]));
  for (const d of desiredClocks(ticket, terms, current)) {
    const next = nextClock(current.get(d.metric), d, terms, now);
    if (!next) continue;
    const values = { ...next, ticketId: ticket.id, updatedAt: now };
    await tx
      .insert(slaClocks)
      .values(values)
      .onConflictDoUpdate({ target: [slaClocks.ticketId, slaClocks.metric], set: values });
    current.set(d.metric, values);
  }
  const due = (m: SlaMetric) => {
    const c = current.get(m);
    return c?.state === 'running' ? c.dueAt : null;
  };
  const dues = { firstResponseDueAt: due('first_response'), nextResponseDueAt: due('next_response'), resolutionDueAt: due('resolution') };
  const same = (Object.keys(dues) as (keyof typeof dues)[]).every((k) => (dues[k]?.getTime() ?? null) === (ticket[k]?.getTime() ?? null));
  if (same) return { ticket, clocks: [...current.values()], changed: false };
  const [updated] = await tx
    .update(tickets)
    .set({ ...dues, updatedAt: now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  return { ticket: updated!, clocks: [...current.values()], changed: true };
}

/** For hooks after another verb committed: lock the ticket, sync, announce new due times. */
export async function syncSla(ctx: ServiceContext, ticketId: string): Promise<SlaSync | null> {
  return inTransaction(ctx, async (tx, emit) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) return null;
    const result = await syncTicketSla(tx, ticket, ctx.now());
    if (result.changed) emit({ name: 'ticket.updated', data: { ticket: presentTicket(result.ticket), changes: ['sla'] } });
    return result;
  });
}
