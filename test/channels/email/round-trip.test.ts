import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailChannel, type EmailChannel } from '../../../channels/email/channel.ts';
import type { ChannelRegistry } from '../../../channels/types.ts';
import { emailSuppressions, messages, outbox, tickets } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildEmailInbox, fixture, OUR_ADDRESS, waitFor } from '../../support/email.ts';
import { buildActor } from '../../support/factories.ts';
import { dovecotStandIn, smtpSinkStandIn } from '../../support/mail-world.ts';

// Emptied by the file's own beforeEach: the channel stops before the database is emptied under it.
const { t } = contextWorld({}, { reset: false });
const dovecot = dovecotStandIn();
const sink = smtpSinkStandIn();
let channel: EmailChannel;
let worker: OutboxWorker;
let boxes = 0;
beforeAll(() => {
  channel = createEmailChannel(t.ctx, { reconcileMs: 60_000 });
  const registry: ChannelRegistry = { email: channel.adapter, widget: null, telegram: null, api: null };
  worker = createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels: registry }), topics: ['message.deliver'] });
});
afterAll(() => channel?.stop());
beforeEach(async () => {
  await channel.stop();
  await t.reset();
  sink.received.length = 0;
  sink.reject.clear();
});

/** A running channel on a fresh mailbox; the customer's first mail already a ticket. */
async function openTicket(settings: Parameters<typeof buildEmailInbox>[2] = {}) {
  const mailbox = `RoundTrip${++boxes}`;
  await buildEmailInbox(t.ctx, dovecot, { mailbox, smtpPort: sink.port, displayName: 'ACME Support', ...settings });
  await channel.start();
  await dovecot.append(fixture('plain.eml'), mailbox);
  const ticket = await waitFor(async () => (await t.ctx.db.select().from(tickets))[0], 'the ticket from the first mail');
  return { ticket, mailbox };
}

const drainUntilSent = async (count: number) => {
  await waitFor(async () => {
    await worker.drainOnce();
    return sink.received.length >= count;
  }, `${count} mail(s) at the SMTP server`);
};

describe('email round trip: IMAP in, SMTP out, the answer back into the same ticket', () => {
  it('sends the agent reply with our Message-ID and threading headers, and threads the customer answer by them', async () => {
    const { ticket, mailbox } = await openTicket();
    const agent = await buildActor(t.ctx, ['agent']);
    const { message } = await reply(t.ctx, agent, ticket.id, { text: 'Please restart the printer.\n\nThen try again.' });
    await drainUntilSent(1);

    const [mail] = sink.received;
    expect(mail!.to).toEqual(['alice@customer.example']);
    expect(mail!.parsed.from?.value[0]).toEqual({ address: OUR_ADDRESS, name: `${agent.name} (ACME Support)` });
    expect(mail!.parsed.subject).toBe(`Re: Printer does not print [#${ticket.number}]`);
    expect(mail!.parsed.inReplyTo).toBe('<plain-1@customer.example>');
    expect([mail!.parsed.references].flat()).toEqual(['<plain-1@customer.example>']);
    expect(mail!.parsed.messageId).toBe(`<sb-${message.id}@switchboard.test>`);
    expect(mail!.parsed.text).toContain('Please restart the printer.');
    expect(mail!.parsed.html).toContain('<p>Then try again.</p>');
    expect(mail!.parsed.headers.get('x-switchboard-ticket')).toBe(String(ticket.number));
    const [sent] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(sent).toMatchObject({ deliveryStatus: 'sent', channelMessageId: mail!.parsed.messageId });

    // The customer answers from a client that keeps the headers but drops the subject token.
    const answer = [
      'From: Alice Customer <alice@customer.example>',
      `To: ${OUR_ADDRESS}`,
      'Subject: Re: Printer does not print',
      'Message-ID: <plain-3@customer.example>',
      `In-Reply-To: ${mail!.parsed.messageId}`,
      `References: <plain-1@customer.example> ${mail!.parsed.messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Restarted, it prints again. Thanks!',
      '',
    ].join('\r\n');
    await dovecot.append(answer, mailbox);
    const back = await waitFor(
      async () => (await t.ctx.db.select().from(messages).where(eq(messages.channelMessageId, '<plain-3@customer.example>')))[0],
      'the customer answer',
    );
    expect(back.ticketId).toBe(ticket.id);
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });

  it("fails a reply the SMTP server refuses for good at once, with the server's words", async () => {
    const { ticket } = await openTicket();
    sink.reject.add('alice@customer.example');
    const { message } = await reply(t.ctx, await buildActor(t.ctx, ['agent']), ticket.id, { text: 'Hello?' });
    const failed = await waitFor(async () => {
      await worker.drainOnce();
      const [m] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
      return m?.deliveryStatus === 'failed' ? m : null;
    }, 'the reply to fail');
    expect(failed.deliveryError).toMatch(/refused the mail.*550/);
    expect(failed.deliveryAttempts).toBe(1);
    expect(sink.received).toHaveLength(0);
  });

  it('turns a sent reply failed when its bounce comes back, and pauses automatic mail to the address', async () => {
    const { ticket, mailbox } = await openTicket();
    const { message } = await reply(t.ctx, await buildActor(t.ctx, ['agent']), ticket.id, { text: 'Here is the fix.' });
    await drainUntilSent(1);
    await dovecot.append(fixture('bounce.eml', { ORIGINAL_MESSAGE_ID: sink.received[0]!.parsed.messageId! }), mailbox);
    const bounced = await waitFor(async () => {
      const [m] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
      return m?.deliveryStatus === 'failed' ? m : null;
    }, 'the reply marked failed by the bounce');
    expect(bounced.deliveryError).toContain("Bounced by the recipient's mail server: 5.1.1");
    expect(await t.ctx.db.$count(emailSuppressions, eq(emailSuppressions.address, 'gone@customer.example'))).toBe(1);
  });

  it('acknowledges a new ticket automatically, marked as automatic, and stops at the per-recipient cap', async () => {
    const { ticket, mailbox } = await openTicket({ autoAcknowledge: true, autoMailPerRecipient: 1 });
    await drainUntilSent(1);
    const [ack] = sink.received;
    expect(ack!.parsed.text).toContain(`#${ticket.number}`);
    expect(ack!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack!.parsed.inReplyTo).toBe('<plain-1@customer.example>');

    // A second new ticket from the same address inside the window: its acknowledgement is held back.
    await dovecot.append(fixture('multipart-attachments.eml').toString('latin1').replace('carol@', 'alice@'), mailbox);
    const second = await waitFor(
      async () => (await t.ctx.db.select().from(tickets).where(eq(tickets.subject, 'Logs attached')))[0],
      'second ticket',
    );
    const held = await waitFor(
      async () =>
        (
          await t.ctx.db
            .select()
            .from(messages)
            .where(and(eq(messages.ticketId, second.id), eq(messages.direction, 'out')))
        )[0],
      'the second acknowledgement',
    );
    expect(held).toMatchObject({ deliveryStatus: 'failed' });
    expect(held.deliveryError).toContain('already got 1 automatic mails');
    await worker.drainOnce();
    expect(sink.received).toHaveLength(1);
    expect(await t.ctx.db.$count(outbox, and(eq(outbox.topic, 'message.deliver'), eq(outbox.status, 'pending')))).toBe(0);
  });
});
