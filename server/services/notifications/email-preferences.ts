import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { notificationKinds, users, type NotificationKind } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { ownerOf } from './list-notifications.ts';

/** Which kinds also come by email; a kind left out keeps its current choice. */
export const emailPreferencesInput = z.strictObject(
  Object.fromEntries(notificationKinds.map((k) => [k, z.boolean(`must be true or false`).optional()])) as Record<
    NotificationKind,
    z.ZodOptional<z.ZodBoolean>
  >,
);
export type EmailPreferences = Record<NotificationKind, boolean>;

const complete = (stored: Record<string, boolean>): EmailPreferences =>
  Object.fromEntries(notificationKinds.map((k) => [k, stored[k] === true])) as EmailPreferences;

export async function getEmailPreferences(ctx: ServiceContext, actor: Actor): Promise<EmailPreferences> {
  const [row] = await ctx.db
    .select({ email: users.emailNotifications })
    .from(users)
    .where(eq(users.id, ownerOf(actor)));
  if (!row) throw notFound('User');
  return complete(row.email);
}

/** Anyone signed in chooses for themselves only. */
export async function setEmailPreferences(ctx: ServiceContext, actor: Actor, raw: z.input<typeof emailPreferencesInput>) {
  const input = parseInput(emailPreferencesInput, raw);
  const next = { ...(await getEmailPreferences(ctx, actor)), ...input } as EmailPreferences;
  await ctx.db
    .update(users)
    .set({ emailNotifications: next })
    .where(eq(users.id, ownerOf(actor)));
  return next;
}
