import { eq } from 'drizzle-orm';
import { loadConfig } from '../../../server/config.ts';
import { describe, expect, it } from 'vitest';
import { createApiAdapter } from '../../../channels/api/adapter.ts';
import { PermanentDeliveryError, type ChannelAdapter, type ChannelRegistry, type OutboundMessage } from '../../../channels/types.ts';
import { messages, outbox, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { retryDelivery } from '../../../server/services/messages/retry-delivery.ts';
import { claimDue } from '../../../server/services/outbox/claim.ts';
import { enqueue } from '../../../server/services/outbox/enqueue.ts';
import { listFailedOutbox } from '../../../server/services/outbox/list-failed.ts';
import { markStarted } from '../../../server/services/outbox/lease.ts';
import { backoffMs, backoffOf, markDone } from '../../../server/services/outbox/settle.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { contextWorld } from '../../support/context-world.ts';
import { waitFor } from '../../support/email.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';

// Failures are retried for 36 s from the first try, from about 2 s; three interrupted runs in a row fail a job.
const { t } = contextWorld({
  OUTBOX_RETRY_HOURS: '0.01',
  OUTBOX_RETRY_BASE_SECONDS: '2',
  OUTBOX_MAX_ATTEMPTS: '3',
  OUTBOX_POLL_MS: '60000',
});

/** A channel whose sends fail until told otherwise, recording what it was asked to send. */
function flakyChannel(channel: ChannelAdapter['channel'] = 'api') {
  const state = { failWith: null as Error | null, sent: [] as OutboundMessage[] };
  const adapter: ChannelAdapter = {
    channel,
    async send(m) {
      if (state.failWith) throw state.failWith;
      state.sent.push(m);
      return { channelMessageId: `${channel}-${m.messageId}` };
    },
  };
  return { state, adapter };
}

const registry = (over: Partial<ChannelRegistry> = {}): ChannelRegistry => ({
  api: createApiAdapter(),
  email: null,
  telegram: null,
  widget: null,
  ...over,
});
const workerWith = (channels: ChannelRegistry) =>
  createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels }), topics: ['message.deliver'], random: () => 0.5 });
const messageRow = async (id: string) => (await t.ctx.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const jobFor = async (messageId: string) =>
  (await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver'))).find((r) => r.payload.messageId === messageId)!;

async function queuedReply(text = 'Your parcel left the warehouse') {
  const agent = await buildActor(t.ctx, ['agent']);
  const { ticketId } = await buildTicket(t.ctx, { sender: { externalId: 'cust-1', displayName: 'Ada' } });
  const { message } = await reply(t.ctx, agent, ticketId, { text });
  return { agent, ticketId, messageId: message.id };
}

describe('delivering replies', () => {
  it('sends a reply through the api adapter and marks it sent', async () => {
    const { messageId } = await queuedReply();
    t.published.length = 0;
    const result = await workerWith(registry()).drainOnce();
    expect(result).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(await messageRow(messageId)).toMatchObject({
      deliveryStatus: 'sent',
      deliveryAttempts: 1,
      deliveryError: null,
      sentAt: expect.any(Date),
    });
    expect(await jobFor(messageId)).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null });
    expect(t.published).toEqual([{ name: 'message.status', data: expect.objectContaining({ messageId, status: 'sent' }) }]);
    expect((await workerWith(registry()).drainOnce()).claimed).toBe(0);
  });

  it('gives the adapter what it needs to address and thread the reply', async () => {
    const ch = flakyChannel('telegram');
    const { ticketId } = await buildTicket(t.ctx, {
      channel: 'telegram',
      threadKey: 'chat-9',
      externalMessageId: '9:1',
      sender: { externalId: '77', displayName: 'Bo' },
    });
    const agent = await buildActor(t.ctx, ['agent']);
    await reply(t.ctx, agent, ticketId, { text: 'Hi Bo' });
    await workerWith(registry({ telegram: ch.adapter })).drainOnce();
    expect(ch.state.sent).toEqual([
      expect.objectContaining({
        channel: 'telegram',
        threadKey: 'chat-9',
        text: 'Hi Bo',
        inReplyTo: '9:1',
        threadMessageIds: ['9:1'],
        recipient: { externalId: '77', displayName: 'Bo', email: null },
        author: { name: agent.name },
      }),
    ]);
  });

  it('retries with growing backoff until the retry span is over, then fails with the last error on the job and the message', async () => {
    const ch = flakyChannel();
    ch.state.failWith = new Error('connect ECONNREFUSED 10.0.0.5:25');
    const { messageId, ticketId } = await queuedReply();
    const worker = workerWith(registry({ api: ch.adapter }));

    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    const first = await jobFor(messageId);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connect ECONNREFUSED 10.0.0.5:25' });
    const wait1 = first.runAfter.getTime() - t.ctx.now().getTime();
    expect(wait1).toBeGreaterThan(1_000);
    expect(wait1).toBeLessThanOrEqual(1_500);
    expect(await messageRow(messageId)).toMatchObject({
      deliveryStatus: 'queued',
      deliveryAttempts: 1,
      deliveryError: 'connect ECONNREFUSED 10.0.0.5:25',
      nextAttemptAt: first.runAfter,
    });
    expect((await worker.drainOnce()).claimed).toBe(0);

    t.clock.advance(wait1 + 10);
    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    const second = await jobFor(messageId);
    expect(second.runAfter.getTime() - t.ctx.now().getTime()).toBeGreaterThan(wait1);

    // Not failed before the span is over: the last try falls on its end.
    t.clock.set(new Date(first.retryUntil!.getTime() - 1_000));
    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    expect((await jobFor(messageId)).runAfter).toEqual(first.retryUntil);
    t.clock.set(first.retryUntil!);
    t.published.length = 0;
    expect(await worker.drainOnce()).toMatchObject({ failed: 1 });
    expect(await jobFor(messageId)).toMatchObject({ status: 'failed', attempts: 4, lastError: 'connect ECONNREFUSED 10.0.0.5:25' });
    expect(await messageRow(messageId)).toMatchObject({
      deliveryStatus: 'failed',
      deliveryAttempts: 4,
      deliveryError: 'connect ECONNREFUSED 10.0.0.5:25',
      nextAttemptAt: null,
    });
    const [event] = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.kind, 'delivery_failed'));
    expect(event).toMatchObject({ ticketId, actorType: 'system', data: expect.objectContaining({ messageId, attempts: 4 }) });
    expect(t.published).toEqual([
      { name: 'message.status', data: expect.objectContaining({ messageId, status: 'failed', nextAttemptAt: null }) },
      { name: 'ticket.updated', data: expect.objectContaining({ changes: ['delivery'] }) },
    ]);

    const supervisor = await buildActor(t.ctx, ['supervisor']);
    const { jobs } = await listFailedOutbox(t.ctx, supervisor);
    expect(jobs).toEqual([
      expect.objectContaining({
        topic: 'message.deliver',
        payload: { messageId },
        attempts: 4,
        lastError: 'connect ECONNREFUSED 10.0.0.5:25',
      }),
    ]);
    await expect(listFailedOutbox(t.ctx, await buildActor(t.ctx, ['agent']))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('retrying a failed reply queues it again with fresh tries, and it is sent once the channel is back', async () => {
    const ch = flakyChannel();
    ch.state.failWith = new PermanentDeliveryError('550 mailbox unavailable');
    const { messageId, agent } = await queuedReply();
    const worker = workerWith(registry({ api: ch.adapter }));
    await worker.drainOnce();
    expect(await messageRow(messageId)).toMatchObject({
      deliveryStatus: 'failed',
      deliveryAttempts: 1,
      deliveryError: '550 mailbox unavailable',
    });

    await expect(retryDelivery(t.ctx, await buildActor(t.ctx, ['editor']), messageId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const retried = await retryDelivery(t.ctx, agent, messageId);
    expect(retried).toMatchObject({ deliveryStatus: 'queued', deliveryError: null });
    await expect(retryDelivery(t.ctx, agent, messageId)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { from: 'queued', to: 'queued' },
    });
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'message.deliver'))).toBe(1);
    expect(await jobFor(messageId)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });

    ch.state.failWith = null;
    expect(await worker.drainOnce()).toMatchObject({ done: 1 });
    expect(await messageRow(messageId)).toMatchObject({ deliveryStatus: 'sent', channelMessageId: `api-${messageId}` });
    expect(ch.state.sent).toHaveLength(1);
  });

  it('fails at once with a clear error when the channel has no adapter', async () => {
    const { ticketId } = await buildTicket(t.ctx, { channel: 'telegram', threadKey: 'chat-1', sender: { externalId: '1' } });
    const { message } = await reply(t.ctx, await buildActor(t.ctx), ticketId, { text: 'hello?' });
    expect(await workerWith(registry()).drainOnce()).toMatchObject({ failed: 1 });
    expect(await messageRow(message.id)).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'no adapter for channel telegram' });
  });
});

describe('the loop guard', () => {
  it('never delivers an inbound message or a note, whatever the outbox says', async () => {
    const ch = flakyChannel();
    const { messageId } = await buildTicket(t.ctx);
    await t.ctx.db.transaction((tx) => enqueue(tx, 'message.deliver', { messageId }));
    expect(await workerWith(registry({ api: ch.adapter })).drainOnce()).toMatchObject({ failed: 1 });
    expect((await jobFor(messageId)).lastError).toMatch(/^loop guard: an inbound message/);
    expect(await messageRow(messageId)).toMatchObject({ deliveryStatus: 'received', deliveryError: null });
    expect(ch.state.sent).toHaveLength(0);
  });

  it('never lets an automatic message answer an automated one', async () => {
    const ch = flakyChannel();
    const { ticketId } = await buildTicket(t.ctx, { automated: true, text: 'I am out of office' });
    const [auto] = await t.ctx.db
      .insert(messages)
      .values({
        ticketId,
        direction: 'out',
        channel: 'api',
        text: 'We got your message',
        deliveryStatus: 'queued',
        meta: { automatic: true },
        createdAt: new Date(Date.now() + 1000),
      })
      .returning();
    await t.ctx.db.transaction((tx) => enqueue(tx, 'message.deliver', { messageId: auto!.id }));
    await workerWith(registry({ api: ch.adapter })).drainOnce();
    expect(await messageRow(auto!.id)).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringMatching(/auto-reply loop/) });
    expect(ch.state.sent).toHaveLength(0);
  });
});

describe('crashes and concurrency', () => {
  it('picks up a row whose worker died once its lease runs out; the dead worker cannot settle it later', async () => {
    const { messageId } = await queuedReply();
    const [stale] = await claimDue(t.ctx, { limit: 10, leaseMs: 30_000, topics: ['message.deliver'] });
    const worker = workerWith(registry());
    expect((await worker.drainOnce()).claimed).toBe(0);
    t.clock.advance(31_000);
    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await jobFor(messageId)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await messageRow(messageId)).toMatchObject({ deliveryStatus: 'sent', deliveryAttempts: 2 });
    expect(await markDone(t.ctx, stale!)).toBe(false);
  });

  it('fails a job whose runs stopped their worker three times in a row, not one that was only claimed', async () => {
    const { messageId } = await queuedReply();
    // A worker that dies holding a batch it never started leaves nothing counted against the job.
    await claimDue(t.ctx, { limit: 10, leaseMs: 1_000, topics: ['message.deliver'] });
    t.clock.advance(2_000);
    for (let i = 0; i < 3; i++) {
      const [row] = await claimDue(t.ctx, { limit: 10, leaseMs: 1_000, topics: ['message.deliver'] });
      expect(row).toMatchObject({ interrupted: i, maxAttempts: 3 });
      expect(await markStarted(t.ctx, row!, 1_000)).toBe(true);
      t.clock.advance(2_000);
    }
    expect(await workerWith(registry()).drainOnce()).toMatchObject({ failed: 1 });
    expect(await jobFor(messageId)).toMatchObject({
      status: 'failed',
      lastError: 'stopped its worker 3 times in a row; last error: none',
    });
    expect(await messageRow(messageId)).toMatchObject({ deliveryStatus: 'failed' });
  });

  it('keeps renewing the claim of a job that runs longer than the lease, so no other worker takes it meanwhile', async () => {
    const { messageId } = await queuedReply();
    let finish = () => {};
    let sends = 0;
    const slow: ChannelAdapter = {
      channel: 'api',
      async send() {
        sends++;
        await new Promise<void>((resolve) => (finish = resolve));
        return {};
      },
    };
    const leaseMs = 300;
    const a = createOutboxWorker(t.ctx, {
      handlers: outboxHandlers(t.ctx, { channels: registry({ api: slow }) }),
      topics: ['message.deliver'],
      leaseMs,
    });
    const b = createOutboxWorker(t.ctx, {
      handlers: outboxHandlers(t.ctx, { channels: registry({ api: slow }) }),
      topics: ['message.deliver'],
      leaseMs,
    });
    const running = a.drainOnce();
    await waitFor(() => sends === 1, 'the slow send to start');
    const startedAt = Date.now();
    // Renewed well past the lease it was claimed with: a lapsed claim would have let B take the row by now.
    await waitFor(
      async () =>
        (await jobFor(messageId)).lockedUntil!.getTime() > t.ctx.now().getTime() + leaseMs / 2 && Date.now() - startedAt > 3 * leaseMs,
      'renewals past three leases',
    );
    expect(await b.drainOnce()).toMatchObject({ claimed: 0 });
    finish();
    expect(await running).toMatchObject({ claimed: 1, done: 1 });
    expect(sends).toBe(1);
    expect(await jobFor(messageId)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('stopped, it finishes the job in hand and hands the rest of its batch back for another worker at once', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    const { ticketId } = await buildTicket(t.ctx);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await reply(t.ctx, agent, ticketId, { text: `part ${i}` })).message.id);
    let finish: (() => void) | null = null;
    const sent: string[] = [];
    const slow: ChannelAdapter = {
      channel: 'api',
      async send(m) {
        await new Promise<void>((resolve) => (finish = resolve));
        sent.push(m.messageId);
        return {};
      },
    };
    const worker = createOutboxWorker(t.ctx, {
      handlers: outboxHandlers(t.ctx, { channels: registry({ api: slow }) }),
      topics: ['message.deliver'],
    });
    worker.start();
    const release = await waitFor(() => finish, 'the first send to start');
    const stopped = worker.stop();
    release();
    await stopped;
    expect(sent).toEqual([ids[0]]);
    for (const id of ids.slice(1)) expect(await jobFor(id)).toMatchObject({ status: 'pending', lockedUntil: null, interrupted: 0 });
    expect(await workerWith(registry()).drainOnce()).toMatchObject({ claimed: 2, done: 2 });
  });

  it('two workers draining at once deliver every reply exactly once', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    const { ticketId } = await buildTicket(t.ctx);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await reply(t.ctx, agent, ticketId, { text: `part ${i}` })).message.id);
    const sends = new Map<string, number>();
    const slow: ChannelAdapter = {
      channel: 'api',
      async send(m) {
        await new Promise((r) => setTimeout(r, 2));
        sends.set(m.messageId, (sends.get(m.messageId) ?? 0) + 1);
        return {};
      },
    };
    const drainAll = async () => {
      const w = createOutboxWorker(t.ctx, {
        handlers: outboxHandlers(t.ctx, { channels: registry({ api: slow }) }),
        topics: ['message.deliver'],
        batchSize: 3,
      });
      while ((await w.drainOnce()).claimed > 0);
    };
    await Promise.all([drainAll(), drainAll()]);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    expect([...sends.keys()].sort()).toEqual([...ids].sort());
    expect(await t.ctx.db.$count(messages, eq(messages.deliveryStatus, 'sent'))).toBe(40);
  });

  it('started, it delivers a new reply without waiting for the next poll', async () => {
    const worker = workerWith(registry());
    worker.start();
    try {
      const { messageId } = await queuedReply();
      const deadline = Date.now() + 10_000;
      while ((await messageRow(messageId)).deliveryStatus !== 'sent') {
        if (Date.now() > deadline) throw new Error('reply not delivered within 10 s (poll is 60 s: the kick did not work)');
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await worker.stop();
    }
    const [ticket] = await t.ctx.db.select().from(tickets);
    expect(ticket!.status).toBe('open');
  });
});

describe('backoff', () => {
  it('doubles from about 5 s, jitters over the upper half, and is capped at 30 minutes by default', () => {
    const defaults = backoffOf(loadConfig({}));
    expect(backoffMs(1, defaults, () => 0)).toBe(2_500);
    expect(backoffMs(1, defaults, () => 1)).toBe(5_000);
    expect(backoffMs(4, defaults, () => 1)).toBe(40_000);
    expect(backoffMs(30, defaults, () => 1)).toBe(1_800_000);
    expect(backoffMs(30, defaults, () => 0)).toBe(900_000);
  });
});
