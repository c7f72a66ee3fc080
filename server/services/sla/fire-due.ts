import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { slaClocks, tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { systemActor } from '../actor.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { escalateBreach } from './escalate-breach.ts';
import { syncTicketSla } from './sync-ticket-sla.ts';

export interface FireResult {
  warned: number;
  breached: number;
  /** Teams that received escalated tickets: their queues should be drained. */
  teamsToDrain: string[];
  failed: number;
}

const slaActor = systemActor('sla');

/** Tickets with a warning or breach due, soonest first; both branches use the partial indexes on sla_clocks. */
async function dueTickets(ctx: ServiceContext, now: Date, limit: number): Promise<string[]> {
  const running = eq(slaClocks.state, 'running');
  const byDue = ctx.db
    .select({ ticketId: slaClocks.ticketId, at: sql<Date>`${slaClocks.dueAt}`.as('at') })
    .from(slaClocks)
    .where(and(running, isNull(slaClocks.breachedAt), lte(slaClocks.dueAt, now)));
  const byWarn = ctx.db
    .select({ ticketId: slaClocks.ticketId, at: sql<Date>`${slaClocks.warnAt}`.as('at') })
    .from(slaClocks)
    .where(and(running, isNull(slaClocks.warnedAt), lte(slaClocks.warnAt, now)));
  const rows = await union(byDue, byWarn)
    .orderBy(asc(sql`at`))
    .limit(limit * 3);
  return [...new Set(rows.map((r) => r.ticketId))].slice(0, limit);
}

/**
 * Fires every warning and breach that is due, one ticket per transaction. Each ticket is claimed by locking
 * its row with SKIP LOCKED (every writer of SLA clocks holds that lock) and its clocks re-read under the lock,
 * then marked in the same transaction as the escalation: across restarts and any number of schedulers, each
 * alert happens exactly once.
 */
export async function fireDueSla(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<FireResult> {
  const result: FireResult = { warned: 0, breached: 0, teamsToDrain: [], failed: 0 };
  for (const ticketId of await dueTickets(ctx, ctx.now(), opts.limit ?? 200)) {
    try {
      await inTransaction(ctx, async (tx, emit) => {
        const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update', { skipLocked: true });
        // Locked: another scheduler has it in hand right now.
        if (ticket) await fireOne(tx, emit, ticket, ctx.now(), result);
      });
    } catch (err) {
      result.failed++;
      ctx.log.error({ err, ticketId }, 'SLA alert failed; it stays due and is retried on the next tick');
    }
  }
  return result;
}

async function fireOne(tx: Tx, emit: (e: DomainEvent) => void, locked: typeof tickets.$inferSelect, now: Date, result: FireResult) {
  // The clocks are re-derived under the lock: a reply or hold that landed after the due time was read counts.
  const { ticket, clocks } = await syncTicketSla(tx, locked, now);
  const running = clocks.filter((c) => c.state === 'running');
  const breaching = running.filter((c) => !c.breachedAt && c.dueAt && c.dueAt <= now);
  const warning = running.filter((c) => !c.warnedAt && c.warnAt && c.warnAt <= now && !breaching.includes(c));
  for (const c of warning) {
    await tx
      .update(slaClocks)
      .set({ warnedAt: now, updatedAt: now })
      .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.metric, c.metric)));
    await recordEvent(
      tx,
      slaActor,
      { ticketId: ticket.id, kind: 'sla_warning', to: c.metric, data: { dueAt: c.dueAt!.toISOString(), assigneeId: ticket.assigneeId } },
      now,
    );
    emit({ name: 'sla.warning', data: { ticket: presentTicket(ticket), metric: c.metric, dueAt: c.dueAt!.toISOString() } });
    result.warned++;
  }
  if (!breaching.length) return ticket.id;
  for (const c of breaching) {
    // A late catch-up goes straight to the breach: warning that a target is about to be missed is moot.
    await tx
      .update(slaClocks)
      .set({ breachedAt: now, warnedAt: c.warnedAt ?? now, updatedAt: now })
      .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.metric, c.metric)));
  }
  const [fresh] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id));
  const moved = await escalateBreach(
    tx,
    emit,
    fresh!,
    breaching.map((c) => ({ metric: c.metric, dueAt: c.dueAt! })),
    now,
  );
  result.breached += breaching.length;
  if (moved && !result.teamsToDrain.includes(moved)) result.teamsToDrain.push(moved);
  return ticket.id;
}
