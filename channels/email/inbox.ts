import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { emailSecretsSchema, emailSettingsSchema, type EmailSecrets, type EmailSettings } from './settings.ts';

/** An email inbox row with its settings validated and its secrets opened, ready for IMAP and SMTP. */
export interface EmailInbox {
  id: string;
  name: string;
  enabled: boolean;
  /** Changes whenever an admin edits the inbox: pollers and SMTP transports rebuild on a new value. */
  version: string;
  settings: EmailSettings;
  secrets: EmailSecrets;
}

type InboxRow = typeof inboxes.$inferSelect;

export function toEmailInbox(ctx: ServiceContext, row: InboxRow): EmailInbox {
  const settings = emailSettingsSchema.parse(row.settings);
  const secrets = emailSecretsSchema.parse(row.secrets ? JSON.parse(ctx.secrets.open(row.secrets)) : {});
  return { id: row.id, name: row.name, enabled: row.enabled, version: row.updatedAt.toISOString(), settings, secrets };
}

export async function loadEmailInbox(ctx: ServiceContext, id: string): Promise<EmailInbox | null> {
  const [row] = await ctx.db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.id, id), eq(inboxes.channel, 'email')));
  return row ? toEmailInbox(ctx, row) : null;
}

export async function listEmailInboxRows(ctx: ServiceContext): Promise<InboxRow[]> {
  return ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'email'));
}

/** Every address that is ours: mail from any of them is never a customer writing. */
export const ownAddresses = (s: EmailSettings) => [s.address, ...s.aliases].map((a) => a.toLowerCase());

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase() || 'switchboard.invalid';
