import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { botIdOf } from './settings.ts';

/**
 * TELEGRAM_BOT_TOKEN on a first start: creates the Telegram inbox so the bot answers without a visit to the
 * console. Once any Telegram inbox exists the console owns the configuration and the variable is ignored.
 */
export async function bootstrapTelegramInbox(ctx: ServiceContext): Promise<string | null> {
  const token = ctx.config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const id = await ctx.db.transaction(async (tx) => {
    // Nodes starting together must not create two inboxes for one bot.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('bootstrap:telegram', 0))`);
    const existing = await tx.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.channel, 'telegram')).limit(1);
    if (existing.length) return null;
    const [row] = await tx
      .insert(inboxes)
      .values({
        channel: 'telegram',
        name: `Telegram bot ${botIdOf(token)}`,
        settings: {},
        secrets: ctx.secrets.seal(JSON.stringify({ botToken: token })),
      })
      .returning({ id: inboxes.id });
    return row!.id;
  });
  if (id) ctx.log.info({ inboxId: id }, 'telegram inbox created from TELEGRAM_BOT_TOKEN');
  return id;
}
