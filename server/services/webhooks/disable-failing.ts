import { and, arrayContains, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { users, webhookSubscriptions } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { notify } from '../notifications/notify.ts';

export interface GiveUpFacts {
  subscriptionId: string;
  /** Deliveries given up in a row at which the subscription is switched off (WEBHOOK_DISABLE_AFTER). */
  limit: number;
  retryHours: number;
  lastError: string;
  now: Date;
}

/**
 * A delivery was given up after its whole retry span: one more failure in a row. At the limit the subscription is
 * switched off (its queued deliveries wait, they are not dropped), audited, and every active admin is notified.
 * Runs in the transaction that settles the delivery, so the count and the switch-off are written together.
 */
export async function countGivenUp(tx: Tx, f: GiveUpFacts): Promise<boolean> {
  const [sub] = await tx
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` })
    .where(eq(webhookSubscriptions.id, f.subscriptionId))
    .returning();
  if (!sub || !sub.enabled || sub.consecutiveFailures < f.limit) return false;
  const reason = `${sub.consecutiveFailures} deliveries in a row failed for ${f.retryHours} hours each; last error: ${f.lastError}`.slice(
    0,
    1000,
  );
  await tx
    .update(webhookSubscriptions)
    .set({ enabled: false, disabledReason: reason, updatedAt: f.now })
    .where(eq(webhookSubscriptions.id, f.subscriptionId));
  await recordAudit(tx, systemActor('webhooks'), {
    action: 'webhook.disabled',
    targetType: 'webhook',
    targetId: sub.id,
    data: { name: sub.name, url: sub.url, reason },
  });
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), arrayContains(users.roles, ['admin'])));
  await notify(tx, {
    userIds: admins.map((a) => a.id),
    kind: 'webhook',
    data: { subscriptionId: sub.id, name: sub.name, reason },
    now: f.now,
  });
  return true;
}
