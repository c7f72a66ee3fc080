import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../server/context.ts';
import { cursorKey, readCursor } from '../../../channels/email/cursor.ts';
import { ImapPoller } from '../../../channels/email/imap-poller.ts';
import { channelState, messages, tickets } from '../../../server/db/schema/index.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildEmailInbox, customerMail, waitFor } from '../../support/email.ts';
import { dovecotStandIn } from '../../support/mail-world.ts';

const { t } = contextWorld();
const dovecot = dovecotStandIn();

const messageCount = async () => (await t.ctx.db.select({ n: count() }).from(messages))[0]!.n;
const distinctIds = async () =>
  (await t.ctx.db.select({ n: sql<number>`count(distinct ${messages.channelMessageId})::int` }).from(messages))[0]!.n;

/**
 * The context as a process sees it that dies after its `commits`-th transaction: from then on every database call
 * fails, so nothing the process had in memory (which mail it meant to mark read) survives, as after a kill -9.
 */
function dyingAfter(ctx: ServiceContext, commits: number) {
  let done = 0;
  const dead = () => done >= commits;
  const db = new Proxy(ctx.db, {
    get(target, prop) {
      if (dead()) throw new Error('the process is gone (simulated kill -9)');
      if (prop === 'transaction')
        return async (...args: Parameters<typeof target.transaction>) => {
          const result = await target.transaction(...args);
          done++;
          return result;
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ctx: { ...ctx, db }, dead };
}

/** UIDs of a mailbox, all or only the unread ones. */
async function uidsIn(box: string, unseenOnly = false): Promise<number[]> {
  const c = await dovecot.client();
  try {
    const opened = await c.mailboxOpen(box).catch(() => null);
    if (!opened || !opened.exists) return [];
    return ((await c.search(unseenOnly ? { seen: false } : { all: true }, { uid: true })) || []).sort((a, b) => a - b);
  } finally {
    await c.logout();
  }
}

describe('IMAP ingest survives stops, downtime and renumbering', () => {
  it('stopped midway through 200 mails and restarted: exactly 200 messages, none twice', async () => {
    const box = 'Crash';
    for (let i = 0; i < 200; i++) await dovecot.append(customerMail(i, { messageId: `<crash-${i}@customer.example>` }), box);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: box });

    const first = new ImapPoller(t.ctx, inbox);
    first.start();
    await waitFor(async () => (await messageCount()) >= 60, '60 messages ingested', 60_000);
    await first.stop();
    const midway = await messageCount();
    expect(midway).toBeGreaterThanOrEqual(60);
    expect(midway).toBeLessThan(200);

    // A crash right after a commit but before the cursor write: roll the cursor back over committed mail.
    const key = cursorKey(inbox.id, box);
    const cursor = (await readCursor(t.ctx, key))!;
    await t.ctx.db
      .update(channelState)
      .set({ value: { ...cursor, lastUid: cursor.lastUid - 10 } })
      .where(eq(channelState.key, key));

    const second = new ImapPoller(t.ctx, inbox);
    second.start();
    await waitFor(async () => (await messageCount()) >= 200, 'all 200 messages', 150_000);
    await waitFor(async () => (await readCursor(t.ctx, key))?.lastUid === 200, 'cursor at UID 200');
    await second.stop();
    expect(await messageCount()).toBe(200);
    expect(await distinctIds()).toBe(200);
    expect(await t.ctx.db.$count(tickets)).toBe(200);
    expect(await uidsIn(box, true)).toEqual([]);
  }, 180_000);

  it.each(['seen', 'move'] as const)(
    'killed between committing mail and telling the IMAP server: after the restart every stored mail is %s',
    async (afterIngest) => {
      const box = `Killed-${afterIngest}`;
      const moveTo = `${box}-done`;
      for (let i = 0; i < 40; i++)
        await dovecot.append(customerMail(i, { messageId: `<killed-${afterIngest}-${i}@customer.example>` }), box);
      const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: box, afterIngest, ...(afterIngest === 'move' ? { moveTo } : {}) });

      // Dies mid-way through the first batch of 25: some mail committed (and the cursor past it), none marked yet.
      const dying = dyingAfter(t.ctx, 12);
      const first = new ImapPoller(dying.ctx, inbox);
      first.start();
      await waitFor(dying.dead, 'the simulated crash');
      await first.stop();
      const stored = await messageCount();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(25);
      expect(await uidsIn(box, true)).toHaveLength(40);

      const second = new ImapPoller(t.ctx, inbox);
      second.start();
      await waitFor(async () => (await messageCount()) === 40, 'all 40 mails');
      if (afterIngest === 'seen')
        await waitFor(async () => (await uidsIn(box, true)).length === 0, 'every stored mail marked read', 10_000).catch(async (err) => {
          throw new Error(`${(err as Error).message}; still unread: UIDs ${(await uidsIn(box, true)).join(',')}`);
        });
      else
        await waitFor(async () => (await uidsIn(box)).length === 0, 'every stored mail moved out of the box', 10_000).catch(async (err) => {
          throw new Error(`${(err as Error).message}; still in ${box}: UIDs ${(await uidsIn(box)).join(',')}`);
        });
      await second.stop();
      if (afterIngest === 'move') expect(await uidsIn(moveTo)).toHaveLength(40);
      expect(await distinctIds()).toBe(40);
    },
  );

  it('mail that arrives while ingest is down is all there after the restart', async () => {
    const box = 'Downtime';
    await dovecot.append(customerMail(1000), box);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: box });
    const poller = new ImapPoller(t.ctx, inbox);
    poller.start();
    await waitFor(async () => (await messageCount()) === 1, 'the first mail');
    await poller.stop();

    for (let i = 1001; i < 1011; i++) await dovecot.append(customerMail(i), box);
    expect(await messageCount()).toBe(1);
    const again = new ImapPoller(t.ctx, inbox);
    again.start();
    await waitFor(async () => (await messageCount()) === 11, 'the 10 mails sent during downtime');
    // Live mail through IDLE while running.
    await dovecot.append(customerMail(1011), box);
    await waitFor(async () => (await messageCount()) === 12, 'a mail arriving while connected');
    await again.stop();
    expect(await distinctIds()).toBe(12);
  });

  it('re-reads a renumbered mailbox (new UIDVALIDITY) without doubling and without missing new mail', async () => {
    const box = 'Renumbered';
    for (let i = 0; i < 5; i++) await dovecot.append(customerMail(i, { messageId: `<old-${i}@customer.example>` }), box);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: box });
    const poller = new ImapPoller(t.ctx, inbox);
    poller.start();
    await waitFor(async () => (await messageCount()) === 5, 'the first 5');
    await poller.stop();
    const before = (await readCursor(t.ctx, cursorKey(inbox.id, box)))!;

    // The server rebuilt the folder: new UIDVALIDITY, UIDs from 1, two new mails sorted before the old ones.
    const c = await dovecot.client();
    await c.mailboxDelete(box);
    await c.logout();
    for (let i = 0; i < 2; i++) await dovecot.append(customerMail(100 + i, { messageId: `<new-${i}@customer.example>` }), box);
    for (let i = 0; i < 5; i++) await dovecot.append(customerMail(i, { messageId: `<old-${i}@customer.example>` }), box);

    const again = new ImapPoller(t.ctx, inbox);
    again.start();
    await waitFor(async () => (await messageCount()) === 7, 'the 2 new mails');
    await waitFor(async () => (await readCursor(t.ctx, cursorKey(inbox.id, box)))?.lastUid === 7, 'cursor at the new last UID');
    await again.stop();
    const after = (await readCursor(t.ctx, cursorKey(inbox.id, box)))!;
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(await messageCount()).toBe(7);
    expect(await distinctIds()).toBe(7);
    expect(await uidsIn(box, true)).toEqual([]);
  });

  it('leaves mail below a cursor from before the after-ingest watermark as it is, and marks what it reads', async () => {
    const box = 'Upgraded';
    for (let i = 0; i < 5; i++) await dovecot.append(customerMail(i), box);
    const inbox = await buildEmailInbox(t.ctx, dovecot, { mailbox: box });
    const c = await dovecot.client();
    const { uidValidity } = await c.mailboxOpen(box);
    await c.logout();
    // An older version read UIDs 1-3; whatever became of their flags since is not this version's business.
    await t.ctx.db
      .insert(channelState)
      .values({ key: cursorKey(inbox.id, box), value: { uidValidity: String(uidValidity), lastUid: 3 }, updatedAt: new Date() });
    const poller = new ImapPoller(t.ctx, inbox);
    poller.start();
    await waitFor(async () => (await readCursor(t.ctx, cursorKey(inbox.id, box)))?.lastUid === 5, 'UIDs 4 and 5 read');
    await poller.stop();
    expect(await messageCount()).toBe(2);
    expect(await uidsIn(box, true)).toEqual([1, 2, 3]);
  });
});
