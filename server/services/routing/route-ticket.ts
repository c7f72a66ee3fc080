import { and, asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { customers, messages, routingRules, teams, ticketRouting, tickets } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { syncTicketSla } from '../sla/sync-ticket-sla.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { drainTeam, type DrainResult } from './drain-team.ts';
import { firstMatchingRule, type RoutingFacts } from './match-rule.ts';

type TicketRow = typeof tickets.$inferSelect;
const routingActor = systemActor('routing');

/**
 * The outbox job for a new ticket: apply the first matching rule (team, priority, tags, needed skills), start its
 * SLA clocks and put it in its team's queue; then offer the queue to free agents. Running it again (an outbox
 * retry after a crash) skips the rules and only drains.
 */
export async function routeTicket(ctx: ServiceContext, ticketId: string): Promise<DrainResult | null> {
  const teamId = await inTransaction(ctx, async (tx, emit) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    // A blocked customer's ticket waits for nobody; unblocking queues it again.
    if (!ticket || ticket.status === 'closed' || ticket.spam) return null;
    const [routed] = await tx.select().from(ticketRouting).where(eq(ticketRouting.ticketId, ticketId));
    if (routed) return ticket.teamId;
    const now = ctx.now();
    const rule = firstMatchingRule(await tx.select().from(routingRules), await factsOf(tx, ticket));
    const changes = new Set<string>();
    let t = await applyRule(tx, ticket, rule, now, changes);
    await tx
      .insert(ticketRouting)
      .values({ ticketId, ruleId: rule?.id ?? null, skills: rule?.actions.skills ?? [], queuedAt: ticket.createdAt, routedAt: now });
    const sla = await syncTicketSla(tx, t, now);
    t = sla.ticket;
    if (sla.changed) changes.add('sla');
    if (changes.size) emit({ name: 'ticket.updated', data: { ticket: presentTicket(t), changes: [...changes] } });
    return t.teamId;
  });
  return teamId ? drainTeam(ctx, teamId) : null;
}

async function applyRule(tx: Tx, ticket: TicketRow, rule: ReturnType<typeof firstMatchingRule>, now: Date, changes: Set<string>) {
  if (!rule) return ticket;
  const a = rule.actions;
  const set: Partial<typeof tickets.$inferInsert> = {};
  if (a.teamId && a.teamId !== ticket.teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, a.teamId));
    if (team) set.teamId = team.id;
  }
  if (a.priority && a.priority !== ticket.priority) set.priority = a.priority;
  const added = (a.tags ?? []).filter((tag) => !ticket.tags.includes(tag));
  if (added.length) set.tags = [...ticket.tags, ...added];
  const data = { ruleId: rule.id, ruleName: rule.name };
  await recordEvent(
    tx,
    routingActor,
    { ticketId: ticket.id, kind: 'routed', from: ticket.teamId, to: set.teamId ?? ticket.teamId, data },
    now,
  );
  if (!Object.keys(set).length) return ticket;
  const [row] = await tx
    .update(tickets)
    .set({ ...set, updatedAt: now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  if (set.teamId) changes.add('team');
  if (set.priority) {
    changes.add('priority');
    await recordEvent(
      tx,
      routingActor,
      { ticketId: ticket.id, kind: 'priority_changed', from: ticket.priority, to: set.priority, data },
      now,
    );
  }
  if (set.tags) {
    changes.add('tags');
    await recordEvent(tx, routingActor, { ticketId: ticket.id, kind: 'tagged', data: { ...data, added } }, now);
  }
  return row!;
}

async function factsOf(tx: Tx, t: TicketRow): Promise<RoutingFacts> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, t.customerId));
  const [first] = await tx
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.ticketId, t.id), eq(messages.direction, 'in')))
    .orderBy(asc(messages.createdAt))
    .limit(1);
  return {
    channel: t.channel,
    inboxId: t.inboxId,
    subject: t.subject,
    body: first?.text ?? '',
    customerTags: customer?.tags ?? [],
    customerTier: customer?.tier ?? null,
    language: customer?.locale ?? null,
  };
}
