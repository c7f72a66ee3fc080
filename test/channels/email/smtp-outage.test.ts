import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueAutomaticMail } from '../../../channels/email/automatic-mail.ts';
import { createEmailChannel, type EmailChannel } from '../../../channels/email/channel.ts';
import type { ChannelRegistry } from '../../../channels/types.ts';
import { messages, outbox } from '../../../server/db/schema/index.ts';
import { enqueue } from '../../../server/services/outbox/enqueue.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { contextWorld } from '../../support/context-world.ts';
import type { Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox } from '../../support/email.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';

// Outbound only: no mailbox is read, so the inbox's IMAP settings point nowhere.
const noImap = { host: '127.0.0.1', port: 9, user: 'support', password: 'unused' } as Dovecot;

const { t } = contextWorld({ OUTBOX_POLL_MS: '60000' });
const sink = smtpSinkStandIn();
let channel: EmailChannel;
let worker: OutboxWorker;
beforeAll(() => {
  channel = createEmailChannel(t.ctx, { inbound: false });
  const registry: ChannelRegistry = { email: channel.adapter, widget: null, telegram: null, api: null };
  worker = createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels: registry }), topics: ['message.deliver'] });
});
afterAll(() => channel?.stop());
beforeEach(() => {
  sink.received.length = 0;
});

async function emailTicket() {
  const inbox = await buildEmailInbox(t.ctx, noImap, { smtpPort: sink.port });
  const first = await buildTicket(t.ctx, {
    channel: 'email',
    inboxId: inbox.id,
    threadKey: '<q1@customer.example>',
    externalMessageId: '<q1@customer.example>',
    sender: { externalId: 'alice@customer.example', displayName: 'Alice', email: 'alice@customer.example' },
    subject: 'Printer does not print',
  });
  return { inbox, ticketId: first.ticketId, firstMessageId: first.messageId, agent: await buildActor(t.ctx, ['agent']) };
}

const messageRow = async (id: string) => (await t.ctx.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const jobFor = async (messageId: string) =>
  (await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver'))).find((r) => r.payload.messageId === messageId)!;
const copiesOf = (messageId: string) => sink.received.filter((m) => m.parsed.messageId === messageId).length;

/** Moves the fake clock to the job's next attempt and runs the worker once. */
async function nextAttempt(messageId: string) {
  const job = await jobFor(messageId);
  if (job.runAfter > t.ctx.now()) t.clock.set(new Date(job.runAfter.getTime() + 1));
  return worker.drainOnce();
}

describe('replies through an SMTP outage', () => {
  it('keeps a reply queued through 10 minutes of SMTP outage and delivers it once when the server is back', async () => {
    const { ticketId, agent } = await emailTicket();
    const { message } = await reply(t.ctx, agent, ticketId, { text: 'Please restart the printer.' });
    const start = t.ctx.now().getTime();
    await sink.down();
    let tries = 0;
    try {
      while (t.ctx.now().getTime() - start < 10 * 60_000) {
        expect(await nextAttempt(message.id)).toEqual({ claimed: 1, done: 0, retried: 1, failed: 0 });
        tries++;
        expect(await messageRow(message.id)).toMatchObject({
          deliveryStatus: 'queued',
          deliveryError: expect.stringMatching(/ECONNREFUSED/),
        });
      }
      expect((await messageRow(message.id)).nextAttemptAt).toEqual((await jobFor(message.id)).runAfter);
    } finally {
      await sink.up();
    }
    expect(tries).toBeGreaterThanOrEqual(6);

    expect(await nextAttempt(message.id)).toMatchObject({ done: 1 });
    expect((await nextAttempt(message.id)).claimed).toBe(0);
    const sent = await messageRow(message.id);
    expect(sent).toMatchObject({
      deliveryStatus: 'sent',
      deliveryError: null,
      nextAttemptAt: null,
      channelMessageId: `<sb-${message.id}@switchboard.test>`,
    });
    expect(sink.received).toHaveLength(1);
    expect(copiesOf(sent.channelMessageId!)).toBe(1);
  });

  it('fails a reply only once the retry span (24 hours by default) is over', async () => {
    const { ticketId, agent } = await emailTicket();
    const { message } = await reply(t.ctx, agent, ticketId, { text: 'Anyone there?' });
    const start = t.ctx.now().getTime();
    await sink.down();
    let tries = 0;
    try {
      for (;;) {
        const result = await nextAttempt(message.id);
        tries++;
        if (result.failed) break;
        expect(result).toMatchObject({ retried: 1 });
        expect((await messageRow(message.id)).deliveryStatus).toBe('queued');
      }
    } finally {
      await sink.up();
    }
    const hours = (t.ctx.now().getTime() - start) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(24);
    expect(hours).toBeLessThan(24.1);
    // Backoff: doubling from seconds to a 30-minute ceiling, not one try a second nor one an hour.
    expect(tries).toBeGreaterThan(40);
    expect(tries).toBeLessThan(120);
    expect(await messageRow(message.id)).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringMatching(/ECONNREFUSED/) });
    expect(sink.received).toHaveLength(0);
  });
});

describe('other mail through the outbox', () => {
  it('retries an SLA alert to supervisors through the same outage and sends it once the server is back', async () => {
    const { ticketId } = await emailTicket();
    await buildActor(t.ctx, ['supervisor']);
    await t.ctx.db.transaction((tx) => enqueue(tx, 'sla.alert.email', { ticketId, metrics: ['first_response'], level: 1 }));
    const registry: ChannelRegistry = { email: channel.adapter, widget: null, telegram: null, api: null };
    const alerts = createOutboxWorker(t.ctx, {
      handlers: outboxHandlers(t.ctx, { channels: registry, alertMailer: channel.alertMailer }),
      topics: ['sla.alert.email'],
    });
    const job = async () => (await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'sla.alert.email')))[0]!;
    const start = t.ctx.now().getTime();
    await sink.down();
    try {
      while (t.ctx.now().getTime() - start < 10 * 60_000) {
        expect(await alerts.drainOnce()).toMatchObject({ claimed: 1, retried: 1 });
        t.clock.set(new Date((await job()).runAfter.getTime() + 1));
      }
    } finally {
      await sink.up();
    }
    expect(await alerts.drainOnce()).toMatchObject({ done: 1 });
    expect(sink.received.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^\[SLA breach\] #\d+ Printer does not print/)]);
  });
});

describe('mail the SMTP server accepted', () => {
  it('is recorded as sent before anything else can fail, so a failure after the hand-off never sends it twice', async () => {
    const { inbox, ticketId, firstMessageId } = await emailTicket();
    const queued = await queueAutomaticMail(t.ctx, inbox.settings, {
      kind: 'acknowledgement',
      ticketId,
      recipient: 'alice@customer.example',
      text: 'We got your message.',
      trigger: { messageId: firstMessageId, channelMessageId: '<q1@customer.example>' },
    });
    // Bookkeeping after the hand-off (the automatic-mail ledger) fails, as a database write can at any moment.
    await t.ctx.db.execute(
      sql.raw(`create function sb_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`),
    );
    await t.ctx.db.execute(
      sql.raw('create trigger sb_test_refuse before insert on email_auto_sends for each row execute function sb_test_refuse()'),
    );
    try {
      await worker.drainOnce();
      for (let i = 0; i < 3; i++) {
        t.clock.advance(3_600_000);
        await worker.drainOnce();
      }
    } finally {
      await t.ctx.db.execute(sql.raw('drop trigger sb_test_refuse on email_auto_sends'));
      await t.ctx.db.execute(sql.raw('drop function sb_test_refuse()'));
    }
    const ack = await messageRow(queued!.message.id);
    expect(copiesOf(`<sb-${ack.id}@switchboard.test>`)).toBe(1);
    expect(ack).toMatchObject({ deliveryStatus: 'sent', channelMessageId: `<sb-${ack.id}@switchboard.test>` });
  });
});
