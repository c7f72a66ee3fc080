import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
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
  }, 180_000);

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
  });
});
