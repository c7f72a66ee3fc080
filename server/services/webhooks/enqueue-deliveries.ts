import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { ProcessEventName, TicketEventRow } from '../process-events/event-names.ts';
import { eventPayloadSql } from './payload-sql.ts';

/** A delivery's event id for a ticket history row: the same row and event never make a second delivery. */
export const webhookEventId = (row: Pick<TicketEventRow, 'id'>, event: ProcessEventName) => `${row.id}:${event}`;

/**
 * One webhook_deliveries row per enabled subscription to one of `events`, as a single INSERT … SELECT for the event's
 * transaction (ingest runs it for every message: with no subscriber it is one scan of a small table). The webhook
 * worker sends them after commit; a failed send never touches this transaction.
 */
export function webhookDeliveriesInsert(row: TicketEventRow, events: ProcessEventName[]): SQL {
  const names = sql`array[${sql.join(
    events.map((e) => sql`${e}::text`),
    sql`, `,
  )}]`;
  const at = row.at.toISOString();
  return sql`
    insert into webhook_deliveries (subscription_id, event, event_id, payload, next_attempt_at, created_at, updated_at)
    select s.id, e.name, ${`${row.id}:`}::text || e.name, ${eventPayloadSql(row, sql`e.name`)}, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
    from webhook_subscriptions s cross join unnest(${names}) as e(name)
    where s.enabled and e.name = any(s.events)
    on conflict (subscription_id, event_id) do nothing`;
}

/** The same on its own, in the event's transaction. */
export async function enqueueWebhookDeliveries(tx: Tx, row: TicketEventRow, events: ProcessEventName[]): Promise<void> {
  if (!events.length) return;
  await tx.execute(webhookDeliveriesInsert(row, events));
}
