import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cursorKey, readCursor } from '../../../channels/email/cursor.ts';
import { ImapPoller } from '../../../channels/email/imap-poller.ts';
import type { EmailInbox } from '../../../channels/email/inbox.ts';
import type { EmailSettings } from '../../../channels/email/settings.ts';
import { attachments, emailSuppressions, failedMail, messages, outbox, tickets } from '../../../server/db/schema/index.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildEmailInbox, customerMail, fixture, waitFor } from '../../support/email.ts';
import { dovecotStandIn } from '../../support/mail-world.ts';

const { t } = contextWorld();
const dovecot = dovecotStandIn();
let boxes = 0;

/** Appends the mails to a fresh mailbox and runs a real poller over it until every UID is committed. */
async function deliver(raws: Array<Buffer | string>, settings: Partial<EmailSettings> = {}, inbox?: EmailInbox) {
  const mailbox = inbox?.settings.mailbox ?? `Box${++boxes}`;
  let lastUid = 0;
  for (const raw of raws) lastUid = await dovecot.append(raw, mailbox);
  const ib = inbox ?? (await buildEmailInbox(t.ctx, dovecot, { mailbox, ...settings }));
  const poller = new ImapPoller(t.ctx, ib);
  poller.start();
  try {
    await waitFor(async () => ((await readCursor(t.ctx, cursorKey(ib.id, mailbox)))?.lastUid ?? 0) >= lastUid, `UID ${lastUid} committed`);
  } finally {
    await poller.stop();
  }
  return ib;
}

const ticketBySubject = async (subject: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.subject, subject)))[0];
const messagesOf = (ticketId: string) =>
  t.ctx.db.select().from(messages).where(eq(messages.ticketId, ticketId)).orderBy(messages.createdAt);

describe('email inbound over real IMAP', () => {
  it('turns real MIME in every common charset into tickets with clean text, safe HTML and stored attachments', async () => {
    const names = [
      'plain',
      'html-only',
      'multipart-attachments',
      'inline-image',
      'gbk-chinese',
      'big5',
      'encoded-word-subject',
      'iso-2022-jp',
    ];
    const inbox = await deliver(names.map((n) => fixture(`${n}.eml`)));
    expect(await t.ctx.db.$count(tickets)).toBe(8);

    const gbk = (await messagesOf((await ticketBySubject('打印机无法打印'))!.id))[0]!;
    expect(gbk.text).toContain('屏幕显示“卡纸”');
    const big5 = (await messagesOf((await ticketBySubject('發票問題'))!.id))[0]!;
    expect(big5.text).toContain('我上個月的發票金額不正確');
    expect(await ticketBySubject('Rückerstattung für Bestellung été 𠀀订单')).toBeDefined();
    const jp = (await messagesOf((await ticketBySubject('注文について'))!.id))[0]!;
    expect(jp.text).toContain('注文が届きません');

    const plain = (await messagesOf((await ticketBySubject('Printer does not print'))!.id))[0]!;
    expect(plain.text).toContain('Café order #551');
    expect((plain.meta.email as { fold: { bodyEnd: number } }).fold.bodyEnd).toBe(plain.text.indexOf('\n\n-- '));

    const html = (await messagesOf((await ticketBySubject('Invoice question'))!.id))[0]!;
    expect(html.html).toContain('<b>where</b>');
    expect(html.html).not.toMatch(/script|onclick|<form|<iframe|javascript:|<style/i);
    expect(html.html).toContain('data-remote-src="https://track.example/pixel.gif"');
    expect(html.html).not.toMatch(/\ssrc=/);

    const multi = (await messagesOf((await ticketBySubject('Logs attached'))!.id))[0]!;
    const files = await t.ctx.db.select().from(attachments).where(eq(attachments.messageId, multi.id));
    expect(files.map((f) => [f.filename, f.contentType]).sort()).toEqual([
      ['report.pdf', 'application/pdf'],
      ['Übersicht.csv', 'text/csv'],
    ]);

    const inline = (await messagesOf((await ticketBySubject('Screenshot of the error'))!.id))[0]!;
    expect(inline.html).toContain('data-cid="shot1@customer.example"');
    const [shot] = await t.ctx.db.select().from(attachments).where(eq(attachments.messageId, inline.id));
    expect(shot).toMatchObject({ filename: 'shot.png', inline: true, contentId: 'shot1@customer.example' });
    expect(inline.text).toContain('The error looks like this');

    // Committed mail is marked read on the server.
    const c = await dovecot.client();
    await c.mailboxOpen(inbox.settings.mailbox);
    const flags = await c.fetchAll('1:*', { flags: true });
    await c.logout();
    expect(flags.every((f) => f.flags?.has('\\Seen'))).toBe(true);
  });

  it('threads by References, and by subject token only for the ticket customer', async () => {
    const inbox = await deliver([fixture('plain.eml'), fixture('reply-references.eml')]);
    const ticket = (await ticketBySubject('Printer does not print'))!;
    expect((await messagesOf(ticket.id)).map((m) => m.channelMessageId)).toEqual([
      '<plain-1@customer.example>',
      '<plain-2@customer.example>',
    ]);

    const token = fixture('reply-subject-token.eml', { TICKET: String(ticket.number) });
    const stranger = customerMail(1, {
      from: 'mallory@evil.example',
      messageId: '<mallory-1@evil.example>',
      subject: `Re: Printer does not print [#${ticket.number}]`,
    });
    await deliver([token, stranger], {}, inbox);
    expect((await messagesOf(ticket.id)).map((m) => m.channelMessageId)).toContain('<token-1@customer.example>');
    const [mallory] = await t.ctx.db.select().from(messages).where(eq(messages.channelMessageId, '<mallory-1@evil.example>'));
    expect(mallory!.ticketId).not.toBe(ticket.id);
    expect(await t.ctx.db.$count(tickets)).toBe(2);
  });

  it('records auto-replies, bulk mail and bounces without answering them; acknowledges a person once', async () => {
    const inbox = await deliver(
      [fixture('plain.eml'), fixture('auto-reply.eml'), fixture('bulk.eml'), fixture('bounce.eml', { ORIGINAL_MESSAGE_ID: '<x@y>' })],
      { autoAcknowledge: true },
    );
    const automated = await t.ctx.db.select().from(messages).where(eq(messages.direction, 'in'));
    expect(
      automated
        .filter((m) => m.meta.automated === true)
        .map((m) => m.channelMessageId)
        .sort(),
    ).toEqual(['<bounce-1@mx.switchboard.test>', '<news-1@acme-news.example>', '<ooo-1@customer.example>']);
    const acks = await t.ctx.db.select().from(messages).where(eq(messages.direction, 'out'));
    expect(acks).toHaveLength(1);
    const ticket = (await ticketBySubject('Printer does not print'))!;
    expect(acks[0]).toMatchObject({ ticketId: ticket.id, deliveryStatus: 'queued', inReplyTo: '<plain-1@customer.example>' });
    expect(acks[0]!.text).toContain(`#${ticket.number}`);
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'message.deliver'))).toBe(1);

    const [suppressed] = await t.ctx.db.select().from(emailSuppressions);
    expect(suppressed).toMatchObject({ address: 'gone@customer.example' });
    expect(suppressed!.reason).toContain('5.1.1');

    // The bounced address writes in: its acknowledgement is written as failed, with the reason.
    await deliver([customerMail(7, { from: 'gone@customer.example', subject: 'Still there?' })], {}, inbox);
    const goneTicket = (await ticketBySubject('Still there?'))!;
    const [blocked] = await t.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, goneTicket.id), eq(messages.direction, 'out')));
    expect(blocked).toMatchObject({ deliveryStatus: 'failed' });
    expect(blocked!.deliveryError).toMatch(/paused until .* after a permanent bounce/);
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'message.deliver'))).toBe(1);
  });

  it('never ingests mail from our own address', async () => {
    await deliver([fixture('from-own-address.eml'), fixture('plain.eml')]);
    expect(await t.ctx.db.$count(messages)).toBe(1);
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });

  it('answers mail over the size limit politely and opens a stub ticket instead of dropping it', async () => {
    await deliver([fixture('oversized.eml')], { maxMessageBytes: 200_000 });
    const ticket = (await ticketBySubject('Full disk image'))!;
    const [stub, answer] = await messagesOf(ticket.id);
    expect(stub!.text).toMatch(/0\.4\d? MB, over the 0\.20 MB limit, and was not downloaded/);
    expect(await t.ctx.db.$count(attachments)).toBe(0);
    expect(answer).toMatchObject({ direction: 'out', deliveryStatus: 'queued' });
    expect(answer!.text).toContain(`ticket #${ticket.number}`);
  });

  it('keeps unparseable mail raw in the could-not-process list and goes on with the next mail', async () => {
    const inbox = await deliver([fixture('malformed.eml'), fixture('plain.eml')]);
    const [row] = await t.ctx.db.select().from(failedMail);
    expect(row).toMatchObject({ inboxId: inbox.id, status: 'failed', messageIdHeader: '<malformed-1@nowhere>', uid: 1 });
    expect(row!.reason).toContain('no valid sender address');
    expect(row!.size).toBe(fixture('malformed.eml').length);
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });
});
