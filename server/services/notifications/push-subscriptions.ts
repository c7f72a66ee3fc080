import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { pushSubscriptions } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { ownerOf } from './list-notifications.ts';
import { vapidKeys } from './vapid.ts';

const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `must be base64url (${what})`)
    .refine((s) => Buffer.from(s, 'base64url').length === bytes, `must be ${bytes} bytes (${what})`);

/** What PushManager.subscribe() gives a browser, as its toJSON() writes it. */
export const subscribePushInput = z.object({
  endpoint: z
    .url('must be the push service URL')
    .max(2000)
    .refine((u) => u.startsWith('https://'), 'must be an https URL (a browser push service)'),
  keys: z.object({
    p256dh: base64urlBytes(65, 'the browser’s P-256 public key'),
    auth: base64urlBytes(16, 'the auth secret'),
  }),
  expirationTime: z.number().nullable().optional(),
  userAgent: z.string().max(300).optional(),
});

export const unsubscribePushInput = z.strictObject({ endpoint: z.string().min(1, 'the subscription endpoint').max(2000) });

const present = (s: typeof pushSubscriptions.$inferSelect) => ({
  id: s.id,
  endpoint: s.endpoint,
  userAgent: s.userAgent,
  createdAt: s.createdAt.toISOString(),
});

/** The key a browser subscribes with, and this user's subscribed devices. */
export async function listPushSubscriptions(ctx: ServiceContext, actor: Actor) {
  const userId = ownerOf(actor);
  const rows = await ctx.db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(asc(pushSubscriptions.createdAt));
  return { publicKey: (await vapidKeys(ctx)).publicKey, subscriptions: rows.map(present) };
}

/** Stores this device's subscription for the actor; a device that was someone else's (shared PC) now notifies only them. */
export async function subscribePush(ctx: ServiceContext, actor: Actor, raw: z.input<typeof subscribePushInput>) {
  requireRole(actor, AGENT_ROLES, 'Enabling push notifications');
  const userId = ownerOf(actor);
  const input = parseInput(subscribePushInput, raw);
  const values = { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.userAgent ?? null, failures: 0 };
  const [row] = await ctx.db
    .insert(pushSubscriptions)
    .values({ endpoint: input.endpoint, ...values })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
    .returning();
  return present(row!);
}

export async function unsubscribePush(ctx: ServiceContext, actor: Actor, raw: z.input<typeof unsubscribePushInput>) {
  const userId = ownerOf(actor);
  const input = parseInput(unsubscribePushInput, raw);
  const rows = await ctx.db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, input.endpoint), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  return { removed: rows.length };
}
