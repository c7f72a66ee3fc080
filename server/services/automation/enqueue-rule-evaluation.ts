import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { ProcessEventName, TicketEventRow } from '../process-events/event-names.ts';
import { currentChainDepth } from './chain.ts';

const uuidOf = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : null);

/**
 * The evaluation of event rules for one history row as an outbox row, written only when an enabled event rule
 * listens to one of `events`; a statement for afterTicketEvent to run together with the webhook deliveries', so a
 * history row costs one round trip whether or not anyone listens. The chain depth rides in the payload so rules
 * triggering rules stop (chain.ts).
 */
export function ruleEvaluationInsert(row: TicketEventRow, events: ProcessEventName[]): SQL {
  const payload = { ticketId: row.ticketId, eventId: row.id, events, depth: currentChainDepth(), messageId: uuidOf(row.data?.messageId) };
  return sql`
    insert into outbox (topic, payload, dedupe_key, run_after)
    select 'automation.evaluate', ${JSON.stringify(payload)}::jsonb, ${`rules:${row.id}`}, ${row.at}
    where exists (
      select 1 from automation_rules
      where enabled and kind = 'event' and events && array[${sql.join(
        events.map((e) => sql`${e}`),
        sql`, `,
      )}]::text[])
    on conflict do nothing`;
}

/** The same on its own, in the event's transaction. */
export async function enqueueRuleEvaluation(tx: Tx, row: TicketEventRow, events: ProcessEventName[]): Promise<void> {
  await tx.execute(ruleEvaluationInsert(row, events));
}
