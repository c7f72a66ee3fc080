import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { automationRules, messages, tickets } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { errorText } from '../outbox/handlers.ts';
import { parseInput } from '../parse-input.ts';
import { isUuid } from '../tickets/visibility.ts';
import { calendarIdsOf, evaluateConditions, type ConditionCheck } from './evaluate-conditions.ts';
import { loadFacts } from './facts.ts';
import { loadRule } from './loaded-rule.ts';
import type { ActionResult } from './outcome.ts';
import { requireAutomationAdmin } from './rule-access.ts';
import { ruleActor, runActions } from './run-actions.ts';
import { ruleBodySchema, type Action, type ConditionGroup } from './schema.ts';

export const testRuleInput = z.strictObject({ ticketNumber: z.number().int().positive() });
export const testDraftInput = z.strictObject({ ticketNumber: z.number().int().positive(), rule: ruleBodySchema });

export interface RuleTestResult {
  ticket: { id: string; number: number };
  /** Whether the rule's conditions hold on the ticket now (for the latest customer message). */
  holds: boolean;
  checks: ConditionCheck[];
  /** What each action would do, found by doing it in a transaction that is rolled back. */
  actions: (ActionResult | { type: Action['type']; index: number; status: 'error'; detail: string })[];
}

class DryRun extends Error {}

/** "Test on ticket #N" for a saved rule (admin): which conditions hold, with the values seen, and what would happen. */
export async function testAutomationRule(
  ctx: ServiceContext,
  actor: Actor,
  ruleId: string,
  raw: z.input<typeof testRuleInput>,
): Promise<RuleTestResult> {
  requireAutomationAdmin(actor, 'Testing automation rules');
  const { ticketNumber } = parseInput(testRuleInput, raw, 'rule test');
  if (!isUuid(ruleId)) throw notFound('Automation rule');
  const [row] = await ctx.db.select().from(automationRules).where(eq(automationRules.id, ruleId));
  if (!row) throw notFound('Automation rule');
  const rule = loadRule(row);
  return dryRun(ctx, ticketNumber, row.name, rule.conditions, rule.actions);
}

/** The same for a rule not saved yet (the builder's "test" button). */
export async function testAutomationDraft(ctx: ServiceContext, actor: Actor, raw: z.input<typeof testDraftInput>): Promise<RuleTestResult> {
  requireAutomationAdmin(actor, 'Testing automation rules');
  const input = parseInput(testDraftInput, raw, 'rule test');
  return dryRun(ctx, input.ticketNumber, input.rule.name, input.rule.conditions, input.rule.actions);
}

/** Everything runs for real inside one transaction that is then rolled back: nothing is kept, sent or announced. */
async function dryRun(
  ctx: ServiceContext,
  ticketNumber: number,
  name: string,
  conditions: ConditionGroup,
  actions: Action[],
): Promise<RuleTestResult> {
  let result: RuleTestResult | null = null;
  try {
    await ctx.db.transaction(async (tx) => {
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.number, ticketNumber)).for('update');
      if (!ticket) throw notFound(`Ticket #${ticketNumber}`);
      const [last] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.ticketId, ticket.id), eq(messages.direction, 'in')))
        .orderBy(desc(messages.createdAt))
        .limit(1);
      const facts = await loadFacts(tx, ticket, { messageId: last?.id ?? null, calendarIds: calendarIdsOf([conditions]), now: ctx.now() });
      let verdict: { holds: boolean; checks: ConditionCheck[] };
      try {
        verdict = evaluateConditions(conditions, facts);
      } catch (err) {
        verdict = { holds: false, checks: [{ field: '(rule)', op: 'error', value: null, actual: errorText(err), holds: false }] };
      }
      const done: RuleTestResult['actions'] = [];
      for (const [index, action] of actions.entries()) {
        try {
          await tx.transaction(async (sp) => {
            const source = { kind: 'rule' as const, ruleId: '00000000-0000-4000-8000-000000000000', ruleName: name };
            const run = await runActions(sp, ctx, {
              ticketId: ticket.id,
              actions: [action],
              actor: ruleActor(name),
              source,
              emit: () => {},
            });
            done.push({ ...run.results[0]!, index });
          });
        } catch (err) {
          done.push({ type: action.type, index, status: 'error', detail: errorText(err) });
        }
      }
      result = { ticket: { id: ticket.id, number: ticket.number }, holds: verdict.holds, checks: verdict.checks, actions: done };
      throw new DryRun();
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
  return result!;
}
