import { and, eq, lt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState, inboxes } from '../../server/db/schema/index.ts';
import { systemActor } from '../../server/services/actor.ts';
import { createInbox } from '../../server/services/inboxes/create-inbox.ts';
import { settingsFromUrls } from './settings.ts';

/**
 * First start from the environment: EMAIL_ADDRESS + EMAIL_IMAP_URL + EMAIL_SMTP_URL create an email inbox
 * unless one with that address exists (later edits in the console win; the env is not re-applied).
 */
export async function bootstrapEmailInbox(ctx: ServiceContext): Promise<string | null> {
  const { EMAIL_ADDRESS: address, EMAIL_IMAP_URL: imap, EMAIL_SMTP_URL: smtp } = ctx.config;
  if (!address || !imap || !smtp) {
    if (address || imap || smtp)
      ctx.log.warn('EMAIL_ADDRESS, EMAIL_IMAP_URL and EMAIL_SMTP_URL must all be set to bootstrap an email inbox');
    return null;
  }
  if (await existing(ctx, address)) return null;
  // App nodes starting together: the one holding the claim creates the inbox, the others leave it to it.
  const claim = `bootstrap:email:${address.toLowerCase()}`;
  const now = ctx.now();
  const claimed = await ctx.db
    .insert(channelState)
    .values({ key: claim, value: { at: now.toISOString() }, updatedAt: now })
    .onConflictDoUpdate({
      target: channelState.key,
      set: { value: { at: now.toISOString() }, updatedAt: now },
      setWhere: lt(channelState.updatedAt, new Date(now.getTime() - 60_000)),
    })
    .returning({ key: channelState.key });
  if (!claimed.length) return null;
  try {
    if (await existing(ctx, address)) return null;
    const { settings, secrets } = settingsFromUrls(address, imap, smtp);
    const inbox = await createInbox(ctx, systemActor('env-bootstrap'), { channel: 'email', name: address, settings, secrets });
    ctx.log.info({ inboxId: inbox.id, address }, 'email inbox created from the environment');
    return inbox.id;
  } finally {
    await ctx.db.delete(channelState).where(eq(channelState.key, claim));
  }
}

async function existing(ctx: ServiceContext, address: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), sql`lower(${inboxes.settings}->>'address') = ${address.toLowerCase()}`));
  return rows.length > 0;
}
