import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { executeAction } from './execute-action.ts';
import type { ActionResult, ActionSource } from './outcome.ts';
import { actionSchema, type Action } from './schema.ts';
import { contextInTransaction } from './tx-context.ts';

export interface RunActionsInput {
  ticketId: string;
  actions: readonly Action[];
  /** A rule runs as a system actor named for it (systemActor(`rule ‘X’`)); a macro as the agent applying it. */
  actor: Actor;
  source: ActionSource;
  /** Receives what the verbs would publish; publish them after `tx` commits. Absent: returned in `events`. */
  emit?: (e: DomainEvent) => void;
  /** The triggering message was automated: replies are skipped (loop guard). */
  automatedTrigger?: boolean;
  /** Names this run's side effects (outbox dedupe keys); defaults to the source and time. */
  key?: string;
}

export interface RunActionsResult {
  results: ActionResult[];
  events: DomainEvent[];
}

/**
 * Applies actions to one ticket inside the caller's transaction through the existing ticket verbs, in order,
 * then writes one history row "by rule ‘X’" / "by macro ‘X’" listing what each did. An action that throws
 * aborts the rest: the caller's transaction (or savepoint) decides whether anything stays.
 */
export async function runActions(tx: Tx, ctx: ServiceContext, input: RunActionsInput): Promise<RunActionsResult> {
  const events: DomainEvent[] = [];
  const emit = input.emit ?? ((e: DomainEvent) => events.push(e));
  const vctx = contextInTransaction(ctx, tx, emit);
  const now = ctx.now();
  const key = input.key ?? `${input.source.kind}:${sourceId(input.source)}:${input.ticketId}:${now.toISOString()}`;
  const results: ActionResult[] = [];
  for (const [index, raw] of input.actions.entries()) {
    const action = actionSchema.parse(raw);
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, input.ticketId));
    if (!ticket) throw notFound('Ticket');
    const outcome = await executeAction(
      { ctx: vctx, tx, actor: input.actor, ticket, automatedTrigger: !!input.automatedTrigger, key: `${key}:${index}` },
      action,
    );
    results.push({ type: action.type, index, ...outcome });
  }
  const s = input.source;
  const data =
    s.kind === 'rule'
      ? { ruleId: s.ruleId, ruleName: s.ruleName, actions: results }
      : { macroId: s.macroId, macroName: s.macroName, actions: results };
  await recordEvent(
    tx,
    input.actor,
    { ticketId: input.ticketId, kind: s.kind === 'rule' ? 'rule_fired' : 'macro_applied', to: sourceName(s), data },
    now,
  );
  return { results, events };
}

const sourceId = (s: ActionSource) => (s.kind === 'rule' ? s.ruleId : s.macroId);
const sourceName = (s: ActionSource) => (s.kind === 'rule' ? s.ruleName : s.macroName);

/** The system actor a rule acts as: every history row it writes says "by rule ‘X’". */
export const ruleActor = (ruleName: string): Actor => ({ type: 'system', name: `rule ‘${ruleName}’` });
