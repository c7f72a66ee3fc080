import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';

const KEY = 'tickets.autoCloseDays';
/** Zendesk's default: a solved ticket closes 4 days after it was solved. */
export const DEFAULT_AUTO_CLOSE_DAYS = 4;

export const ticketSettingsInput = z.strictObject({
  /** Days after which a resolved ticket closes by itself; 0 never closes one. */
  autoCloseDays: z.number({ message: 'autoCloseDays: expected a whole number of days' }).int().min(0).max(365),
});
export type TicketSettings = z.output<typeof ticketSettingsInput>;

export async function getTicketSettings(db: DbOrTx): Promise<TicketSettings> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY));
  const days = z.number().int().min(0).max(365).safeParse(row?.value);
  return { autoCloseDays: days.success ? days.data : DEFAULT_AUTO_CLOSE_DAYS };
}

/** Installation-wide, so every node's scheduler reads the same value. Admins only. */
export async function updateTicketSettings(ctx: ServiceContext, actor: Actor, raw: z.input<typeof ticketSettingsInput>) {
  requireRole(actor, ['admin'], 'Changing ticket settings');
  const input = parseInput(ticketSettingsInput, raw);
  const now = ctx.now();
  await ctx.db
    .insert(appSettings)
    .values({ key: KEY, value: input.autoCloseDays, updatedAt: now })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: input.autoCloseDays, updatedAt: now } });
  return getTicketSettings(ctx.db);
}
