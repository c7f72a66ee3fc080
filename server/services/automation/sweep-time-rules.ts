import { and, asc, eq, inArray, isNull, lte, gt, ne, not, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { automationFirings, automationRules, tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { errorText } from '../outbox/handlers.ts';
import { calendarIdsOf, evaluateConditions } from './evaluate-conditions.ts';
import { loadCalendars, loadFacts } from './facts.ts';
import { fireRule, recordFailedFiring } from './fire-rule.ts';
import { loadRule, type LoadedRule } from './loaded-rule.ts';
import { isSubgroup } from './schema.ts';
import { anchorOfField, anchorSql, cutoffFor, periodKeySql, timeConditions } from './time-anchors.ts';

export interface SweepResult {
  rules: number;
  candidates: number;
  fired: number;
  failed: number;
}

export interface SweepOptions {
  /** Tickets looked at per rule per sweep; the rest are reached by the next sweeps. */
  batch?: number;
  /** False once this node should stop (shutdown): the sweep ends after the ticket in hand. */
  running?: () => boolean;
}

/**
 * One pass of every enabled time rule: tickets whose "hours since" anchors are far enough in the past (business
 * or calendar hours), not closed, with no firing yet for their current period, are each checked and fired in
 * their own transaction under the ticket's row lock (skipped when another node holds it). Any number of nodes
 * may sweep at once and a sweep may stop anywhere: the firing row is what makes each period fire once.
 */
export async function sweepTimeRules(ctx: ServiceContext, opts: SweepOptions = {}): Promise<SweepResult> {
  const running = opts.running ?? (() => true);
  const result: SweepResult = { rules: 0, candidates: 0, fired: 0, failed: 0 };
  const rows = await ctx.db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.enabled, true), eq(automationRules.kind, 'time')))
    .orderBy(asc(automationRules.position), asc(automationRules.createdAt));
  for (const row of rows) {
    if (!running()) break;
    let rule: LoadedRule;
    try {
      rule = loadRule(row);
    } catch (err) {
      ctx.log.error({ ruleId: row.id, err: errorText(err) }, 'stored time rule is invalid; skipped');
      continue;
    }
    result.rules++;
    const candidates = await candidatesFor(ctx, rule, opts.batch ?? 1000);
    result.candidates += candidates.length;
    for (const ticketId of candidates) {
      if (!running()) break;
      const outcome = await fireOnTicket(ctx, rule, ticketId);
      if (outcome === 'done') result.fired++;
      if (outcome === 'failed') result.failed++;
    }
  }
  return result;
}

const simpleColumns = { status: tickets.status, priority: tickets.priority, channel: tickets.channel } as const;

/** Tickets that may match: anchors past their cutoffs and simple conditions in SQL, this period not fired yet. */
async function candidatesFor(ctx: ServiceContext, rule: LoadedRule, limit: number): Promise<string[]> {
  const now = ctx.now();
  const calendars = await loadCalendars(ctx.db, calendarIdsOf([rule.conditions]));
  const where: (SQL | undefined)[] = [ne(tickets.status, 'closed'), eq(tickets.spam, false), isNull(tickets.mergedIntoId)];
  for (const c of timeConditions(rule.conditions)) {
    const hours = c.calendarId ? calendars.get(c.calendarId) : null;
    if (c.calendarId && !hours) return [];
    const cutoff = cutoffFor(hours ?? null, now, Number(c.value));
    const anchor = anchorSql(anchorOfField(c.field)!);
    if (c.op === 'gte') {
      if (!cutoff) return [];
      where.push(lte(anchor, cutoff));
    } else if (cutoff) where.push(gt(anchor, cutoff));
  }
  if (rule.conditions.match === 'all') {
    for (const c of rule.conditions.conditions) {
      if (isSubgroup(c) || !(c.field in simpleColumns) || !Array.isArray(c.value)) continue;
      const col = simpleColumns[c.field as keyof typeof simpleColumns];
      const values = c.value.map(String) as never[];
      where.push(c.op === 'in' ? inArray(col, values) : not(inArray(col, values)));
    }
  }
  const key = periodKeySql(rule.conditions);
  const rows = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        ...where,
        sql`not exists (select 1 from ${automationFirings} f where f.rule_id = ${rule.row.id} and f.ticket_id = ${tickets.id} and f.period_key = ${key})`,
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Checks the whole rule on the ticket as it is now, under its row lock, and fires it for the current period. */
async function fireOnTicket(ctx: ServiceContext, rule: LoadedRule, ticketId: string): Promise<'done' | 'failed' | 'none'> {
  const published: DomainEvent[] = [];
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ ticket: tickets, key: sql<string>`${periodKeySql(rule.conditions)}` })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .for('update', { skipLocked: true });
    if (!row || row.ticket.status === 'closed') return 'none' as const;
    const now = ctx.now();
    const facts = await loadFacts(tx, row.ticket, { calendarIds: calendarIdsOf([rule.conditions]), now });
    let holds: boolean;
    try {
      holds = evaluateConditions(rule.conditions, facts).holds;
    } catch (err) {
      await recordFailedFiring(ctx, tx, rule, ticketId, row.key, errorText(err));
      return 'failed' as const;
    }
    if (!holds) return 'none' as const;
    const fired = await fireRule(ctx, tx, rule, ticketId, row.key, {
      depth: 0,
      emit: (e) => published.push(e),
      detail: { sweep: now.toISOString() },
    });
    return fired === 'already' ? ('none' as const) : fired;
  });
  ctx.events.publish(published);
  return outcome;
}
