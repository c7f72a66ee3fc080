import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';

/** What the admin page shows about a mailbox connection; in the database so every node sees it. */
export interface InboxStatus {
  state: 'connected' | 'error' | 'stopped';
  error: string | null;
  lastSyncAt?: string;
}

export const statusKey = (inboxId: string) => `email-status:${inboxId}`;

export async function writeInboxStatus(ctx: ServiceContext, inboxId: string, status: InboxStatus): Promise<void> {
  const value = { ...status, at: ctx.now().toISOString() };
  await ctx.db
    .insert(channelState)
    .values({ key: statusKey(inboxId), value, updatedAt: ctx.now() })
    .onConflictDoUpdate({
      target: channelState.key,
      set: { value: sql`${channelState.value} || ${JSON.stringify(value)}::jsonb`, updatedAt: ctx.now() },
    });
}

export async function readInboxStatus(ctx: ServiceContext, inboxId: string): Promise<Record<string, unknown> | null> {
  const [row] = await ctx.db
    .select()
    .from(channelState)
    .where(eq(channelState.key, statusKey(inboxId)));
  return row?.value ?? null;
}
