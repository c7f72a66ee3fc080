import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { WebhookDeliveryStatus } from '../../db/schema/index.ts';
import { rowsOf } from './enqueue-call.ts';

/** A delivery in hand: its row as claimed (attempts already counts this try) and where and how to send it. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  payload: Record<string, unknown>;
  /** The fencing token: the settle writes only if attempts is still this. */
  attempts: number;
  createdAt: Date;
  url: string;
  sealedSecret: string;
}

/** Longer than any attempt can take, so a live worker always settles before its claim could be taken over. */
export const claimLeaseMs = (ctx: ServiceContext) => ctx.config.WEBHOOK_TIMEOUT_SECONDS * 1000 + 5_000;

interface Raw {
  id: string;
  subscription_id: string;
  event: string;
  payload: Record<string, unknown> | string;
  attempts: number;
  created_at: Date | string;
  url: string;
  secret: string;
}

const toClaimed = (r: Raw): ClaimedDelivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  event: r.event,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
  attempts: Number(r.attempts),
  createdAt: new Date(r.created_at),
  url: r.url,
  sealedSecret: r.secret,
});

/**
 * Claims due deliveries of enabled subscriptions (FOR UPDATE SKIP LOCKED: nodes claim disjoint rows). The claim is a
 * lease written into the row itself: attempts + 1 and next_attempt_at pushed past the longest attempt, so a worker
 * killed mid-send leaves a row that comes due again by itself, and is sent again (at least once).
 */
export async function claimDueDeliveries(ctx: ServiceContext, limit: number): Promise<ClaimedDelivery[]> {
  const now = ctx.now();
  const until = new Date(now.getTime() + claimLeaseMs(ctx));
  const result = await ctx.db.execute(sql`
    update webhook_deliveries d
    set attempts = d.attempts + 1, next_attempt_at = ${until.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    from webhook_subscriptions s
    where s.id = d.subscription_id and d.id in (
      select d2.id from webhook_deliveries d2 join webhook_subscriptions s2 on s2.id = d2.subscription_id
      where d2.status = 'pending' and d2.next_attempt_at <= ${now.toISOString()}::timestamptz and s2.enabled
      order by d2.next_attempt_at
      limit ${limit}
      for update of d2 skip locked
    )
    returning d.id, d.subscription_id, d.event, d.payload, d.attempts, d.created_at, s.url, s.secret`);
  return rowsOf<Raw>(result).map(toClaimed);
}

/**
 * Claims one delivery for a manual redelivery, whatever its status, unless a worker is sending it right now (a
 * claim not yet settled: fewer logged attempts than counted ones and its lease still running).
 */
export async function claimOneDelivery(
  ctx: ServiceContext,
  id: string,
): Promise<(ClaimedDelivery & { previousStatus: WebhookDeliveryStatus }) | 'busy' | null> {
  const now = ctx.now();
  const until = new Date(now.getTime() + claimLeaseMs(ctx));
  const result = await ctx.db.execute(sql`
    with old as (select id, status from webhook_deliveries where id = ${id}::uuid)
    update webhook_deliveries d
    set attempts = d.attempts + 1, next_attempt_at = ${until.toISOString()}::timestamptz, status = 'pending', updated_at = ${now.toISOString()}::timestamptz
    from webhook_subscriptions s, old
    where s.id = d.subscription_id and d.id = old.id
      and not (d.status = 'pending' and d.next_attempt_at > ${now.toISOString()}::timestamptz
        and d.attempts > (select count(*) from webhook_attempts a where a.delivery_id = d.id))
    returning d.id, d.subscription_id, d.event, d.payload, d.attempts, d.created_at, s.url, s.secret, old.status as previous_status`);
  const [row] = rowsOf<Raw & { previous_status: WebhookDeliveryStatus }>(result);
  if (row) return { ...toClaimed(row), previousStatus: row.previous_status };
  const exists = await ctx.db.execute(sql`select 1 from webhook_deliveries where id = ${id}::uuid`);
  return rowsOf(exists).length ? 'busy' : null;
}
