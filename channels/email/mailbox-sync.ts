import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { ServiceContext } from '../../server/context.ts';
import { advanceCursor, cursorKey, readCursor, type MailboxCursor } from './cursor.ts';
import type { EmailInbox } from './inbox.ts';
import { actedKey, knownMessageIds, settleAfterIngest, startActedWatermark } from './mailbox-actions.ts';
import { processRawEmail, processTooLarge } from './process.ts';
import { writeInboxStatus } from './status.ts';

const CHUNK_COUNT = 25;
const CHUNK_BYTES = 20_000_000;

/**
 * One pass over the selected mailbox: first the after-ingest action still owed to mail committed earlier (a crash
 * between commit and IMAP STORE/MOVE), then every UID above the committed cursor, in order, each committed before
 * the cursor moves past it. `stopped` is checked between messages, so a stop never cuts one in half.
 */
export async function syncMailbox(ctx: ServiceContext, inbox: EmailInbox, client: ImapFlow, stopped: () => boolean): Promise<void> {
  const box = client.mailbox as MailboxObject;
  const validity = String(box.uidValidity);
  const key = cursorKey(inbox.id, inbox.settings.mailbox);
  let cursor = await readCursor(ctx, key);
  let resync = false;
  if (!cursor) {
    // First connection: from the oldest unread message on; mail already read in the box is history.
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    const base = unseen.length ? Math.min(...unseen) - 1 : Number(box.uidNext) - 1;
    cursor = { uidValidity: validity, lastUid: Math.max(0, base) };
    await advanceCursor(ctx, key, cursor);
    // Nor is anything below it ours to mark read or move.
    await advanceCursor(ctx, actedKey(inbox.id, inbox.settings.mailbox), cursor);
  } else await startActedWatermark(ctx, inbox, cursor);
  if (cursor.uidValidity !== validity) {
    // UIDs were renumbered: read the whole box again, skipping what is stored (by Message-ID).
    ctx.log.warn({ inboxId: inbox.id, from: cursor.uidValidity, to: validity }, 'UIDVALIDITY changed; re-syncing');
    resync = true;
    cursor = { uidValidity: validity, lastUid: 0 };
  } else await settleAfterIngest(ctx, client, inbox, validity, cursor.lastUid);
  const last = cursor.lastUid;
  const metas = (await client.fetchAll(`${last + 1}:*`, { uid: true, size: true, envelope: resync }, { uid: true }))
    .filter((m) => m.uid > last)
    .sort((a, b) => a.uid - b.uid);
  if (!metas.length) return;
  const known = resync ? await knownMessageIds(ctx, metas) : new Set<number>();
  for (const chunk of chunks(metas, inbox.settings.maxMessageBytes)) {
    if (stopped()) return;
    await syncChunk(ctx, inbox, client, chunk, known, key, validity, stopped);
  }
  await writeInboxStatus(ctx, inbox.id, { state: 'connected', error: null, lastSyncAt: ctx.now().toISOString() });
}

async function syncChunk(
  ctx: ServiceContext,
  inbox: EmailInbox,
  client: ImapFlow,
  chunk: FetchMessageObject[],
  known: Set<number>,
  key: string,
  validity: string,
  stopped: () => boolean,
) {
  const max = inbox.settings.maxMessageBytes;
  const want = chunk.filter((m) => !known.has(m.uid));
  const small = want.filter((m) => (m.size ?? 0) <= max).map((m) => m.uid);
  const large = want.filter((m) => (m.size ?? 0) > max).map((m) => m.uid);
  // Collect first, act after: no other command may run inside a FETCH.
  const bodies = new Map<number, FetchMessageObject>();
  if (small.length)
    for (const m of await client.fetchAll(small.join(','), { uid: true, source: true }, { uid: true })) bodies.set(m.uid, m);
  if (large.length)
    for (const m of await client.fetchAll(large.join(','), { uid: true, headers: true }, { uid: true })) bodies.set(m.uid, m);
  let done = 0;
  for (const meta of chunk) {
    if (stopped()) break;
    const source = { inboxId: inbox.id, mailbox: inbox.settings.mailbox, uid: meta.uid };
    const body = bodies.get(meta.uid);
    if (!known.has(meta.uid) && body) {
      const outcome = body.source
        ? await processRawEmail(ctx, inbox, body.source, source)
        : await processTooLarge(ctx, inbox, body.headers ?? Buffer.alloc(0), meta.size ?? 0, source);
      ctx.log.debug({ inboxId: inbox.id, uid: meta.uid, outcome }, 'email processed');
    }
    const next: MailboxCursor = { uidValidity: validity, lastUid: meta.uid };
    await advanceCursor(ctx, key, next);
    done = meta.uid;
  }
  if (done) await settleAfterIngest(ctx, client, inbox, validity, done);
}

function* chunks(metas: FetchMessageObject[], maxMessageBytes: number): Generator<FetchMessageObject[]> {
  let chunk: FetchMessageObject[] = [];
  let bytes = 0;
  for (const m of metas) {
    const size = Math.min(m.size ?? 0, maxMessageBytes);
    if (chunk.length && (chunk.length >= CHUNK_COUNT || bytes + size > CHUNK_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += size;
  }
  if (chunk.length) yield chunk;
}
