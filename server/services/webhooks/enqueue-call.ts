import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { WEBHOOK_PAYLOAD_VERSION } from './payload-sql.ts';

export interface WebhookCall {
  subscriptionId: string;
  /** The event name the receiver sees in X-Switchboard-Event and `event` (e.g. 'rule.webhook'). */
  event: string;
  /** Unique per call: a second call with the same id for the same subscription is ignored (once-only firings). */
  eventId: string;
  /** Merged into the envelope { version, id, event, occurredAt }; its own keys may not override those. */
  payload: Record<string, unknown>;
  /** The call's clock (ctx.now()); due at once from then. */
  now: Date;
}

/**
 * Queues one delivery to one subscription in the caller's transaction (the automation engine's "call a webhook"
 * action). Returns false when the subscription is missing or switched off, or the event id was already queued.
 */
export async function enqueueWebhookCall(tx: Tx, call: WebhookCall): Promise<boolean> {
  const payload = {
    ...call.payload,
    version: WEBHOOK_PAYLOAD_VERSION,
    id: call.eventId,
    event: call.event,
    occurredAt: call.now.toISOString(),
  };
  const now = call.now.toISOString();
  const result = await tx.execute(sql`
    insert into webhook_deliveries (subscription_id, event, event_id, payload, next_attempt_at, created_at, updated_at)
    select s.id, ${call.event}, ${call.eventId}, ${JSON.stringify(payload)}::jsonb, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
    from webhook_subscriptions s
    where s.id = ${call.subscriptionId}::uuid and s.enabled
    on conflict (subscription_id, event_id) do nothing
    returning id`);
  return rowsOf(result).length === 1;
}

/** Both drivers' execute() return { rows }. */
export const rowsOf = <T = Record<string, unknown>>(result: unknown): T[] => (result as { rows: T[] }).rows;
