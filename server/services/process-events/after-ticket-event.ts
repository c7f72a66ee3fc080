import type { Tx } from '../../db/client.ts';
import { enqueueRuleEvaluation } from '../automation/enqueue-rule-evaluation.ts';
import { enqueueWebhookDeliveries } from '../webhooks/enqueue-deliveries.ts';
import { processEventsOf, type TicketEventRow } from './event-names.ts';

/**
 * Called by recordEvent for every history row, inside the transaction that wrote it: rules to evaluate and
 * webhook deliveries are written there too, so they happen exactly when (and only if) the change commits.
 */
export async function afterTicketEvent(tx: Tx, row: TicketEventRow): Promise<void> {
  const events = processEventsOf(row);
  if (!events.length) return;
  await enqueueRuleEvaluation(tx, row, events);
  await enqueueWebhookDeliveries(tx, row, events);
}
