import { and, eq, inArray } from 'drizzle-orm';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { ServiceContext } from '../../server/context.ts';
import { channelState, messages } from '../../server/db/schema/index.ts';
import { advanceCursor, readCursor, type MailboxCursor } from './cursor.ts';
import type { EmailInbox } from './inbox.ts';

/**
 * How far the after-ingest action (mark read, move) is done: every UID at or below it under this UIDVALIDITY.
 * UIDs above it and at or below the mailbox cursor are committed mail the server has not been told about yet.
 */
export const actedKey = (inboxId: string, mailbox: string) => `email-acted:${inboxId}:${mailbox}`;

/** A cursor written before the watermark existed had its mail marked the old way: the watermark starts at it. */
export async function startActedWatermark(ctx: ServiceContext, inbox: EmailInbox, cursor: MailboxCursor): Promise<void> {
  const value = { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid };
  await ctx.db
    .insert(channelState)
    .values({ key: actedKey(inbox.id, inbox.settings.mailbox), value, updatedAt: ctx.now() })
    .onConflictDoNothing();
}

/**
 * Marks read or moves every committed UID still owed the action, up to `upTo` (at or below the cursor), in one UID
 * range. The watermark moves only once the server has said OK, so a crash anywhere after the commit leaves the mail
 * owed and the next pass (after a restart, or on whichever node holds the mailbox lease) settles it. Both actions are
 * idempotent on the server (+FLAGS; a UID MOVE of UIDs already gone is a no-op): redone after a crash, nothing doubles.
 */
export async function settleAfterIngest(ctx: ServiceContext, client: ImapFlow, inbox: EmailInbox, validity: string, upTo: number) {
  const key = actedKey(inbox.id, inbox.settings.mailbox);
  const acted = await readCursor(ctx, key);
  // Written before any mail is read (syncMailbox): none means the inbox was just deleted.
  if (!acted) return;
  const from = acted.uidValidity === validity ? acted.lastUid : 0;
  if (from >= upTo) return;
  const { afterIngest, moveTo } = inbox.settings;
  const range = `${from + 1}:${upTo}`;
  let ok = true;
  try {
    // imapflow answers false (it does not throw) when the server refuses or the connection is gone.
    if (afterIngest === 'seen') ok = await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    else if (afterIngest === 'move' && moveTo) ok = !!(await client.messageMove(range, moveTo, { uid: true }));
    // 'none' owes nothing: the watermark follows the cursor, so switching to 'seen' later leaves old mail alone.
  } catch (err) {
    ctx.log.warn({ err, inboxId: inbox.id }, 'could not mark processed mail on the server');
    ok = false;
  }
  if (!ok) {
    ctx.log.warn({ inboxId: inbox.id, range, afterIngest }, 'processed mail not yet marked on the server; retrying on the next pass');
    return;
  }
  await advanceCursor(ctx, key, { uidValidity: validity, lastUid: upTo });
}

/** UIDs whose Message-ID is already a stored message: a re-sync after a UIDVALIDITY change skips them. */
export async function knownMessageIds(ctx: ServiceContext, metas: FetchMessageObject[]): Promise<Set<number>> {
  const byId = new Map<string, number[]>();
  for (const m of metas) {
    const id = m.envelope?.messageId?.trim();
    if (id) byId.set(id, [...(byId.get(id) ?? []), m.uid]);
  }
  const known = new Set<number>();
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db
      .select({ id: messages.channelMessageId })
      .from(messages)
      .where(and(eq(messages.channel, 'email'), inArray(messages.channelMessageId, ids.slice(i, i + 500))));
    for (const r of rows) for (const uid of byId.get(r.id!) ?? []) known.add(uid);
  }
  return known;
}
