import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';

/** Long enough to outlast one getUpdates wait plus a batch; renewed on every poll. */
const LEASE_MS = 90_000;

const leaseKey = (botId: string) => `telegram:bot:${botId}:poller`;

/**
 * Telegram answers only one getUpdates per bot at a time, so among several app nodes one polls; the others
 * take over when its lease runs out (a crashed node) or it hands it back (a clean stop).
 */
export async function claimLease(ctx: ServiceContext, botId: string, owner: string): Promise<boolean> {
  const now = ctx.now();
  const value = { owner, until: new Date(now.getTime() + LEASE_MS).toISOString() };
  const rows = await ctx.db
    .insert(channelState)
    .values({ key: leaseKey(botId), value, updatedAt: now })
    .onConflictDoUpdate({
      target: channelState.key,
      set: { value, updatedAt: now },
      setWhere: sql`${channelState.value}->>'owner' = ${owner} or (${channelState.value}->>'until')::timestamptz < ${now.toISOString()}::timestamptz`,
    })
    .returning({ key: channelState.key });
  return rows.length > 0;
}

export async function releaseLease(ctx: ServiceContext, botId: string, owner: string): Promise<void> {
  await ctx.db
    .delete(channelState)
    .where(and(eq(channelState.key, leaseKey(botId)), sql`${channelState.value}->>'owner' = ${owner}`));
}
