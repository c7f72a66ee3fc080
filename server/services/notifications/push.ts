import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { pushSubscriptions } from '../../db/schema/index.ts';
import { PermanentJobError, type OutboxHandler } from '../outbox/handlers.ts';
import { loadForDelivery } from './load-one.ts';
import { notificationText } from './texts.ts';
import { vapidKeys, type VapidKeys } from './vapid.ts';

export interface PushRequest {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Encrypted for the browser (RFC 8291) by the sender. */
  payload: string;
  vapid: VapidKeys;
  ttlSeconds: number;
}
/** Sends one web push (VAPID-signed, encrypted) and answers the push service's HTTP status; given by the composition root. */
export type PushSender = (req: PushRequest) => Promise<{ status: number; body: string }>;

const payload = z.object({ notificationId: z.uuid(), subscriptionId: z.uuid() });

/**
 * One notification to one device: a subscription the push service no longer knows (404, 410) is dropped; a busy or
 * failing service (429, 5xx) is retried by the outbox; anything else is counted and given up on.
 */
export const pushNotificationHandler = (ctx: ServiceContext, send: PushSender): OutboxHandler<z.infer<typeof payload>> => ({
  schema: payload,
  async run(p) {
    const [sub] = await ctx.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, p.subscriptionId));
    if (!sub) return;
    const { user, view } = await loadForDelivery(ctx, p.notificationId);
    if (!user.active || sub.userId !== user.id) return;
    const text = notificationText(view, user.locale);
    const message = { ...text, url: view.ticketId ? `/inbox/${view.ticketId}` : '/inbox', tag: view.id, kind: view.kind };
    const res = await send({
      subscription: { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      payload: JSON.stringify(message),
      vapid: await vapidKeys(ctx),
      ttlSeconds: 24 * 3600,
    });
    if (res.status >= 200 && res.status < 300) {
      await ctx.db.update(pushSubscriptions).set({ failures: 0, lastSuccessAt: ctx.now() }).where(eq(pushSubscriptions.id, sub.id));
      return;
    }
    if (res.status === 404 || res.status === 410) {
      await ctx.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id));
      return;
    }
    await ctx.db
      .update(pushSubscriptions)
      .set({ failures: sql`${pushSubscriptions.failures} + 1` })
      .where(eq(pushSubscriptions.id, sub.id));
    const why = `push service answered ${res.status}: ${res.body.slice(0, 200)}`;
    if (res.status === 429 || res.status >= 500) throw new Error(why);
    throw new PermanentJobError(why);
  },
});
