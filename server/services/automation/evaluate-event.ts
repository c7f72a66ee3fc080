import { and, arrayOverlaps, asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { automationFirings, automationRules, tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import type { ProcessEventName } from '../process-events/event-names.ts';
import { errorText } from '../outbox/handlers.ts';
import { MAX_CHAIN_DEPTH } from './chain.ts';
import { calendarIdsOf, evaluateConditions } from './evaluate-conditions.ts';
import { loadFacts, type Facts } from './facts.ts';
import { fireRule, recordFailedFiring } from './fire-rule.ts';
import { loadRule, type LoadedRule } from './loaded-rule.ts';

export interface RuleEvaluation {
  ticketId: string;
  /** ticket_events.id of the history row: the firing period `event:<id>`. */
  eventId: number;
  events: ProcessEventName[];
  /** 0 for a person's or a channel's change; n for a change made by a rule fired at depth n-1. */
  depth: number;
  messageId?: string | null;
}

export interface EvaluationSummary {
  fired: string[];
  failed: string[];
  skipped: string[];
}

/**
 * The outbox job for one history row: every enabled event rule listening to its events, in position order,
 * is checked against the ticket as the earlier rules left it and fired once (event:<id>), all in one
 * transaction. Past MAX_CHAIN_DEPTH nothing fires: matching rules get a 'skipped' firing and a logged reason.
 */
export async function evaluateEventRules(ctx: ServiceContext, job: RuleEvaluation): Promise<EvaluationSummary> {
  const published: DomainEvent[] = [];
  const summary: EvaluationSummary = { fired: [], failed: [], skipped: [] };
  await ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, job.ticketId)).for('update');
    if (!ticket) return;
    const rows = await tx
      .select()
      .from(automationRules)
      .where(and(eq(automationRules.enabled, true), eq(automationRules.kind, 'event'), arrayOverlaps(automationRules.events, job.events)))
      .orderBy(asc(automationRules.position), asc(automationRules.createdAt));
    if (!rows.length) return;
    const periodKey = `event:${job.eventId}`;
    const rules: LoadedRule[] = [];
    for (const row of rows) {
      try {
        rules.push(loadRule(row));
      } catch (err) {
        await recordFailedFiring(
          ctx,
          tx,
          { row, conditions: { match: 'all', conditions: [] }, actions: [] },
          ticket.id,
          periodKey,
          `stored rule is invalid: ${errorText(err)}`,
        );
        summary.failed.push(row.id);
      }
    }
    const calendarIds = calendarIdsOf(rules.map((r) => r.conditions));
    const factsNow = async () =>
      loadFacts(tx, (await tx.select().from(tickets).where(eq(tickets.id, job.ticketId)))[0]!, {
        messageId: job.messageId,
        firstMessage: job.events.includes('ticket.created'),
        calendarIds,
        now: ctx.now(),
      });
    let facts: Facts = await factsNow();
    for (const rule of rules) {
      let holds: boolean;
      try {
        holds = evaluateConditions(rule.conditions, facts).holds;
      } catch (err) {
        await recordFailedFiring(ctx, tx, rule, ticket.id, periodKey, errorText(err));
        summary.failed.push(rule.row.id);
        continue;
      }
      if (!holds) continue;
      if (job.depth >= MAX_CHAIN_DEPTH) {
        await skipTooDeep(ctx, tx, rule, ticket.id, periodKey, job.depth);
        summary.skipped.push(rule.row.id);
        continue;
      }
      const outcome = await fireRule(ctx, tx, rule, ticket.id, periodKey, {
        depth: job.depth,
        automatedTrigger: facts.message?.automated ?? false,
        emit: (e) => published.push(e),
        detail: { events: job.events, depth: job.depth },
      });
      if (outcome === 'done') {
        summary.fired.push(rule.row.id);
        facts = await factsNow();
      } else if (outcome === 'failed') summary.failed.push(rule.row.id);
    }
  });
  ctx.events.publish(published);
  return summary;
}

async function skipTooDeep(ctx: ServiceContext, tx: Tx, rule: LoadedRule, ticketId: string, periodKey: string, depth: number) {
  const reason = `chain of rules too deep: ${depth} rules in a row fired on each other's changes (limit ${MAX_CHAIN_DEPTH})`;
  ctx.log.warn({ ruleId: rule.row.id, ticketId, depth }, `automation rule not fired: ${reason}`);
  await tx
    .insert(automationFirings)
    .values({ ruleId: rule.row.id, ticketId, periodKey, outcome: 'skipped', detail: { reason, depth }, createdAt: ctx.now() })
    .onConflictDoNothing();
}
