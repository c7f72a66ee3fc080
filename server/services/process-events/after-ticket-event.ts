import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { ruleEvaluationInsert } from '../automation/enqueue-rule-evaluation.ts';
import { webhookDeliveriesInsert } from '../webhooks/enqueue-deliveries.ts';
import { processEventsOf, type TicketEventRow } from './event-names.ts';

/**
 * Called by recordEvent for every history row, inside the transaction that wrote it: rules to evaluate and
 * webhook deliveries are written there too, so they happen exactly when (and only if) the change commits.
 * Both inserts go in one statement (data-modifying WITH clauses always run): one round trip per history row.
 */
export async function afterTicketEvent(tx: Tx, row: TicketEventRow): Promise<void> {
  const events = processEventsOf(row);
  if (!events.length) return;
  await tx.execute(sql`with rules as (${ruleEvaluationInsert(row, events)}),
    deliveries as (${webhookDeliveriesInsert(row, events)})
    select 1`);
}
