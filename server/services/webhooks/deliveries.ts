import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { attemptDelivery } from './attempt-delivery.ts';
import { claimOneDelivery } from './claim-deliveries.ts';
import { WEBHOOK_PAYLOAD_VERSION } from './payload-sql.ts';
import { presentDelivery, type DeliveryView } from './present.ts';

const ADMIN = ['admin'] as const;

export interface DeliveryPage {
  deliveries: DeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Newest first, with each delivery's attempt log; keyset-paged on (created_at, id). */
export async function listDeliveries(
  ctx: ServiceContext,
  actor: Actor,
  subscriptionId: string,
  page: { limit?: number; before?: string } = {},
): Promise<DeliveryPage> {
  requireRole(actor, ADMIN, 'Viewing webhook deliveries');
  if (!isUuid(subscriptionId)) throw notFound('Webhook');
  const [sub] = await ctx.db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, subscriptionId));
  if (!sub) throw notFound('Webhook');
  const limit = Math.min(Math.max(page.limit ?? 25, 1), 100);
  const cursor =
    page.before && isUuid(page.before) ? await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, page.before)) : [];
  const after = cursor[0]
    ? or(
        lt(webhookDeliveries.createdAt, cursor[0].createdAt),
        and(eq(webhookDeliveries.createdAt, cursor[0].createdAt), lt(webhookDeliveries.id, cursor[0].id)),
      )
    : undefined;
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), after))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const attempts = shown.length
    ? await ctx.db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            shown.map((r) => r.id),
          ),
        )
        .orderBy(webhookAttempts.id)
    : [];
  return {
    deliveries: shown.map((d) =>
      presentDelivery(
        d,
        attempts.filter((a) => a.deliveryId === d.id),
      ),
    ),
    nextCursor: rows.length > limit ? shown[shown.length - 1]!.id : null,
  };
}

async function loadDelivery(ctx: ServiceContext, id: string): Promise<DeliveryView> {
  const [row] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  if (!row) throw notFound('Delivery');
  const attempts = await ctx.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, id)).orderBy(webhookAttempts.id);
  return presentDelivery(row, attempts);
}

/** Sends one delivery again now, whatever its status, and answers with the outcome (logged as a manual attempt). */
export async function redeliver(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<DeliveryView> {
  requireRole(actor, ADMIN, 'Redelivering webhooks');
  if (!isUuid(id)) throw notFound('Delivery');
  const claimed = await claimOneDelivery(ctx, id);
  if (!claimed) throw notFound('Delivery');
  if (claimed === 'busy') throw conflict('This delivery is being sent right now; look again in a few seconds');
  const data = { deliveryId: id, event: claimed.event };
  await recordAudit(
    ctx.db,
    actor,
    { action: 'webhook.redelivered', targetType: 'webhook', targetId: claimed.subscriptionId, data },
    origin,
  );
  await attemptDelivery(ctx, claimed, { manual: { previousStatus: claimed.previousStatus } });
  return loadDelivery(ctx, id);
}

/** Sends a `ping` delivery now (also to a switched-off subscription, to test it before switching it back on). */
export async function sendPing(
  ctx: ServiceContext,
  actor: Actor,
  subscriptionId: string,
  origin: RequestOrigin = {},
): Promise<DeliveryView> {
  requireRole(actor, ADMIN, 'Testing webhooks');
  if (!isUuid(subscriptionId)) throw notFound('Webhook');
  const now = ctx.now();
  const eventId = `ping:${randomUUID()}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [sub] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    if (!sub) throw notFound('Webhook');
    const payload = {
      version: WEBHOOK_PAYLOAD_VERSION,
      id: eventId,
      event: 'ping',
      occurredAt: now.toISOString(),
      webhook: { id: sub.id, name: sub.name },
    };
    const [d] = await tx
      .insert(webhookDeliveries)
      .values({ subscriptionId, event: 'ping', eventId, payload, nextAttemptAt: now, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'webhook.pinged', targetType: 'webhook', targetId: subscriptionId, data: { deliveryId: d!.id } },
      origin,
    );
    return d!;
  });
  const claimed = await claimOneDelivery(ctx, row.id);
  // Sent at once and never retried: a failed ping is shown, not queued for 24 hours.
  if (claimed && claimed !== 'busy') await attemptDelivery(ctx, claimed, { manual: { previousStatus: 'failed' } });
  return loadDelivery(ctx, row.id);
}
