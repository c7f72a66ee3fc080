import type { Tx } from '../../db/client.ts';
import type { ProcessEventName, TicketEventRow } from '../process-events/event-names.ts';

/**
 * Writes one webhook_deliveries row per enabled subscription to one of `events` (in the event's transaction);
 * the webhook worker sends them after commit. Owned by the webhooks part.
 */
export async function enqueueWebhookDeliveries(_tx: Tx, _row: TicketEventRow, _events: ProcessEventName[]): Promise<void> {
  // Filled in by the webhooks part (issue 18): until then no subscription exists to deliver to.
}
