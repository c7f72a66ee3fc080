import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { botIdOf, readTelegramSettings, telegramSecretsSchema, type TelegramSecrets, type TelegramSettings } from './settings.ts';

/** A Telegram inbox row with settings read and the bot token opened. */
export interface TelegramInbox {
  id: string;
  name: string;
  enabled: boolean;
  /** Changes whenever an admin edits the inbox: the running bot is rebuilt on a new value. */
  version: string;
  botId: string;
  settings: TelegramSettings;
  secrets: TelegramSecrets;
}

type InboxRow = typeof inboxes.$inferSelect;

export function toTelegramInbox(ctx: ServiceContext, row: InboxRow): TelegramInbox {
  let opened: unknown;
  try {
    opened = row.secrets ? JSON.parse(ctx.secrets.open(row.secrets)) : {};
  } catch {
    throw new Error('the bot token cannot be decrypted (was SECRET_KEY changed?); enter it again in the inbox settings');
  }
  const parsed = telegramSecretsSchema.safeParse(opened);
  if (!parsed.success) throw new Error('the inbox has no valid bot token; enter the one @BotFather gave you');
  const secrets = parsed.data;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    version: row.updatedAt.toISOString(),
    botId: botIdOf(secrets.botToken),
    settings: readTelegramSettings(row.settings),
    secrets,
  };
}

export async function listTelegramInboxRows(ctx: ServiceContext): Promise<InboxRow[]> {
  return ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'telegram'));
}

/** Derived from the token, so every app node checks webhooks against the same value with nothing more stored. */
export const webhookSecretOf = (token: string) => createHash('sha256').update(`switchboard-telegram-webhook:${token}`).digest('hex');

export const webhookPath = (inboxId: string) => `/webhooks/telegram/${inboxId}`;
