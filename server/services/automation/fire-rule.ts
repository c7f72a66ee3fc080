import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { automationFirings, automationRules } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { errorText } from '../outbox/handlers.ts';
import { runInChain } from './chain.ts';
import type { LoadedRule } from './loaded-rule.ts';
import { recordRuleFailure } from './rule-failure.ts';
import { ruleActor, runActions } from './run-actions.ts';

export interface FireOptions {
  /** Depth of the event that fired the rule; its actions' events are evaluated at depth + 1. */
  depth: number;
  automatedTrigger?: boolean;
  emit: (e: DomainEvent) => void;
  detail?: Record<string, unknown>;
}

export type FireOutcome = 'done' | 'failed' | 'already';

/**
 * Fires one rule on one ticket at most once per period: the firing row (unique on rule, ticket, period) is
 * written in a savepoint with the actions, so a retry, a restart or a second node finds it and does nothing.
 * A failing rule leaves a 'failed' firing (not retried for this period) and counts towards switching it off.
 */
export async function fireRule(
  ctx: ServiceContext,
  tx: Tx,
  rule: LoadedRule,
  ticketId: string,
  periodKey: string,
  opts: FireOptions,
): Promise<FireOutcome> {
  const events: DomainEvent[] = [];
  const key = `rule:${rule.row.id}:${ticketId}:${periodKey}`;
  try {
    const fired = await tx.transaction(async (sp) => {
      const [row] = await sp
        .insert(automationFirings)
        .values({ ruleId: rule.row.id, ticketId, periodKey, outcome: 'done', detail: opts.detail ?? {}, createdAt: ctx.now() })
        .onConflictDoNothing()
        .returning({ id: automationFirings.id });
      if (!row) return false;
      const source = { kind: 'rule' as const, ruleId: rule.row.id, ruleName: rule.row.name };
      await runInChain({ depth: opts.depth + 1, ruleId: rule.row.id }, () =>
        runActions(sp, ctx, {
          ticketId,
          actions: rule.actions,
          actor: ruleActor(rule.row.name),
          source,
          emit: (e) => events.push(e),
          automatedTrigger: opts.automatedTrigger,
          key,
        }),
      );
      await sp
        .update(automationRules)
        .set({ lastFiredAt: ctx.now(), fireCount: sql`${automationRules.fireCount} + 1`, failureCount: 0, lastError: null })
        .where(eq(automationRules.id, rule.row.id));
      return true;
    });
    if (!fired) return 'already';
    events.forEach(opts.emit);
    return 'done';
  } catch (err) {
    await recordFailedFiring(ctx, tx, rule, ticketId, periodKey, errorText(err), opts.detail);
    return 'failed';
  }
}

export async function recordFailedFiring(
  ctx: ServiceContext,
  tx: Tx,
  rule: LoadedRule,
  ticketId: string,
  periodKey: string,
  error: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const [row] = await tx
    .insert(automationFirings)
    .values({ ruleId: rule.row.id, ticketId, periodKey, outcome: 'failed', detail: { ...detail, error }, createdAt: ctx.now() })
    .onConflictDoNothing()
    .returning({ id: automationFirings.id });
  if (row) await recordRuleFailure(ctx, tx, rule.row.id, ticketId, error);
}
