import { desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { webhookSubscriptions } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { presentSubscription, type SubscriptionView } from './present.ts';
import { generateWebhookSecret } from './sign.ts';
import {
  createSubscriptionInput,
  updateSubscriptionInput,
  type CreateSubscriptionInput,
  type UpdateSubscriptionInput,
} from './subscription-input.ts';
import { checkWebhookUrl } from './url-policy.ts';

const ADMIN = ['admin'] as const;
const allowPrivate = (ctx: ServiceContext) => ctx.config.WEBHOOK_ALLOW_PRIVATE_URLS === 'true';

export async function listSubscriptions(ctx: ServiceContext, actor: Actor): Promise<SubscriptionView[]> {
  requireRole(actor, ADMIN, 'Viewing webhooks');
  const rows = await ctx.db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt));
  return rows.map(presentSubscription);
}

export async function getSubscription(ctx: ServiceContext, actor: Actor, id: string): Promise<SubscriptionView> {
  requireRole(actor, ADMIN, 'Viewing webhooks');
  if (!isUuid(id)) throw notFound('Webhook');
  const [row] = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound('Webhook');
  return presentSubscription(row);
}

/** The only time (with rotateSecret) the secret leaves the server: the caller shows it once. */
export async function createSubscription(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreateSubscriptionInput,
  origin: RequestOrigin = {},
): Promise<{ subscription: SubscriptionView; secret: string }> {
  requireRole(actor, ADMIN, 'Creating webhooks');
  const input = parseInput(createSubscriptionInput, raw, 'webhook');
  const url = checkWebhookUrl(input.url, allowPrivate(ctx));
  const secret = generateWebhookSecret();
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        name: input.name,
        url,
        events: input.events,
        enabled: input.enabled ?? true,
        secret: ctx.secrets.seal(secret),
        createdByUserId: actor.type === 'user' ? actor.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const data = { name: input.name, url, events: input.events };
    await recordAudit(tx, actor, { action: 'webhook.created', targetType: 'webhook', targetId: row!.id, data }, origin);
    return { subscription: presentSubscription(row!), secret };
  });
}

/** Switching a subscription back on clears why it was switched off and its failure count. */
export async function updateSubscription(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: UpdateSubscriptionInput,
  origin: RequestOrigin = {},
): Promise<SubscriptionView> {
  requireRole(actor, ADMIN, 'Changing webhooks');
  if (!isUuid(id)) throw notFound('Webhook');
  const input = parseInput(updateSubscriptionInput, raw, 'webhook');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send name, url, events or enabled');
  const url = input.url === undefined ? undefined : checkWebhookUrl(input.url, allowPrivate(ctx));
  return ctx.db.transaction(async (tx) => {
    const [old] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).for('update');
    if (!old) throw notFound('Webhook');
    const reenabled = input.enabled === true && !old.enabled;
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({
        ...input,
        ...(url ? { url } : {}),
        ...(reenabled ? { disabledReason: null, consecutiveFailures: 0 } : {}),
        ...(input.enabled === false ? { disabledReason: null } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    const data = {
      fields: Object.keys(input),
      ...(url && url !== old.url ? { url } : {}),
      ...(input.events ? { events: input.events } : {}),
    };
    await recordAudit(tx, actor, { action: 'webhook.updated', targetType: 'webhook', targetId: id, data }, origin);
    return presentSubscription(row!);
  });
}

/** Its deliveries and their log go with it. */
export async function deleteSubscription(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, ADMIN, 'Deleting webhooks');
  if (!isUuid(id)) throw notFound('Webhook');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning();
    if (!row) throw notFound('Webhook');
    await recordAudit(
      tx,
      actor,
      { action: 'webhook.deleted', targetType: 'webhook', targetId: id, data: { name: row.name, url: row.url } },
      origin,
    );
  });
}

/** A new secret replaces the old one at once (deliveries still queued are signed with the new one); shown once. */
export async function rotateSecret(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  origin: RequestOrigin = {},
): Promise<{ subscription: SubscriptionView; secret: string }> {
  requireRole(actor, ADMIN, 'Rotating webhook secrets');
  if (!isUuid(id)) throw notFound('Webhook');
  const secret = generateWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ secret: ctx.secrets.seal(secret), updatedAt: ctx.now() })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    if (!row) throw notFound('Webhook');
    await recordAudit(
      tx,
      actor,
      { action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id, data: { name: row.name } },
      origin,
    );
    return { subscription: presentSubscription(row), secret };
  });
}
