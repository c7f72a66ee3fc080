import { and, eq, sql } from 'drizzle-orm';
import { settingsFromUrls } from '../../../channels/email/settings.ts';
import type { ServiceContext } from '../../context.ts';
import { inboxes } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { createInbox } from './create-inbox.ts';

/**
 * First start from the environment: EMAIL_ADDRESS + EMAIL_IMAP_URL + EMAIL_SMTP_URL create an email inbox
 * unless one with that address exists (later edits in the console win; the env is not re-applied).
 */
export async function bootstrapEmailInbox(ctx: ServiceContext): Promise<string | null> {
  const { EMAIL_ADDRESS: address, EMAIL_IMAP_URL: imap, EMAIL_SMTP_URL: smtp } = ctx.config;
  if (!address || !imap || !smtp) {
    if (address || imap || smtp) ctx.log.warn('EMAIL_ADDRESS, EMAIL_IMAP_URL and EMAIL_SMTP_URL must all be set to bootstrap an email inbox');
    return null;
  }
  const [existing] = await ctx.db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), sql`lower(${inboxes.settings}->>'address') = ${address.toLowerCase()}`));
  if (existing) return null;
  const { settings, secrets } = settingsFromUrls(address, imap, smtp);
  const inbox = await createInbox(ctx, systemActor('env-bootstrap'), { channel: 'email', name: address, settings, secrets });
  ctx.log.info({ inboxId: inbox.id, address }, 'email inbox created from the environment');
  return inbox.id;
}
