import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';

/** What the admin page shows about a bot (`telegram-status:<inbox>`); in the database so every node sees it. */
export interface BotStatus {
  state: 'connected' | 'error' | 'stopped';
  error: string | null;
  mode?: 'polling' | 'webhook';
  username?: string;
  webhookUrl?: string | null;
}

export const statusKey = (inboxId: string) => `telegram-status:${inboxId}`;

export async function writeBotStatus(ctx: ServiceContext, inboxId: string, status: BotStatus): Promise<void> {
  const value = { ...status, at: ctx.now().toISOString() };
  await ctx.db
    .insert(channelState)
    .values({ key: statusKey(inboxId), value, updatedAt: ctx.now() })
    .onConflictDoUpdate({
      target: channelState.key,
      set: { value: sql`${channelState.value} || ${JSON.stringify(value)}::jsonb`, updatedAt: ctx.now() },
    });
}

/** Writes only when the state or error changes, so a healthy poll loop does not write on every round. */
export function statusReporter(ctx: ServiceContext, inboxId: string) {
  let last = '';
  return async (status: BotStatus) => {
    const key = `${status.state}|${status.error ?? ''}`;
    if (key === last) return;
    last = key;
    await writeBotStatus(ctx, inboxId, status).catch((err) => ctx.log.warn({ err, inboxId }, 'telegram status not saved'));
  };
}
