import { and, eq, inArray } from 'drizzle-orm';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { ServiceContext } from '../../server/context.ts';
import { messages } from '../../server/db/schema/index.ts';
import type { EmailInbox } from './inbox.ts';

/** After commit only: mark read or move away. A failure here loses nothing (the cursor already moved on). */
export async function applyAfterIngest(ctx: ServiceContext, client: ImapFlow, inbox: EmailInbox, uids: number[]): Promise<void> {
  const { afterIngest, moveTo } = inbox.settings;
  if (!uids.length || afterIngest === 'none') return;
  try {
    if (afterIngest === 'seen') await client.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true });
    else if (moveTo) await client.messageMove(uids.join(','), moveTo, { uid: true });
  } catch (err) {
    ctx.log.warn({ err, inboxId: inbox.id, uids: uids.length }, 'could not mark processed mail on the server');
  }
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
