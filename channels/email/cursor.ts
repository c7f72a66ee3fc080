import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';

/** Where a mailbox was read up to: every UID at or below `lastUid` under this UIDVALIDITY is committed. */
export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

export const cursorKey = (inboxId: string, mailbox: string) => `email:${inboxId}:${mailbox}`;

export async function readCursor(ctx: ServiceContext, key: string): Promise<MailboxCursor | null> {
  const [row] = await ctx.db.select().from(channelState).where(eq(channelState.key, key));
  const v = row?.value;
  if (!v || typeof v.uidValidity !== 'string' || typeof v.lastUid !== 'number') return null;
  return { uidValidity: v.uidValidity, lastUid: v.lastUid };
}

/**
 * Called only after the message at `lastUid` is committed. Never moves back under the same UIDVALIDITY,
 * so a slower second node reading the same mailbox cannot rewind it.
 */
export async function advanceCursor(ctx: ServiceContext, key: string, cursor: MailboxCursor): Promise<void> {
  const value = { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid };
  await ctx.db
    .insert(channelState)
    .values({ key, value, updatedAt: ctx.now() })
    .onConflictDoUpdate({
      target: channelState.key,
      set: { value, updatedAt: ctx.now() },
      setWhere: sql`${channelState.value}->>'uidValidity' <> ${cursor.uidValidity} or (${channelState.value}->>'lastUid')::bigint < ${cursor.lastUid}`,
    });
}
