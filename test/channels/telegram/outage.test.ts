import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, outbox } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { telegramWorld } from '../../support/telegram-world.ts';
import { buildTelegramInbox } from '../../support/telegram.ts';

const { t, api, startChannel } = telegramWorld({ OUTBOX_POLL_MS: '60000' });
const CHAT = 555000222;

describe('Telegram replies while the Bot API refuses for a while', () => {
  it('keeps a reply queued through 10 minutes of flood control and delivers it once when Telegram answers again', async () => {
    const { inbox, token, botId } = await buildTelegramInbox(t.ctx);
    const channel = await startChannel();
    const { ticketId } = await buildTicket(t.ctx, {
      channel: 'telegram',
      inboxId: inbox.id,
      threadKey: `${botId}:${CHAT}`,
      externalMessageId: `${botId}:${CHAT}:1`,
      sender: { externalId: String(CHAT), displayName: 'Anna' },
    });
    const { message } = await reply(t.ctx, await buildActor(t.ctx, ['agent']), ticketId, { text: 'A replacement is on its way.' });
    const worker = createOutboxWorker(t.ctx, {
      handlers: outboxHandlers(t.ctx, { channels: { telegram: channel, email: null, widget: null, api: null } }),
      topics: ['message.deliver'],
    });
    const job = async () => (await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver')))[0]!;
    const sends = () => api.callsTo('sendMessage', token).filter((c) => c.params.text === 'A replacement is on its way.');

    let down = true;
    // Flood control longer than the bot waits in the call (30 s): the outbox's own retries take over.
    api.fail(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 120', parameters: { retry_after: 120 } },
      { times: 1_000, match: () => down },
    );
    const start = t.ctx.now().getTime();
    let tries = 0;
    while (t.ctx.now().getTime() - start < 10 * 60_000) {
      expect(await worker.drainOnce()).toMatchObject({ claimed: 1, retried: 1 });
      tries++;
      const [m] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
      expect(m!.deliveryStatus).toBe('queued');
      t.clock.set(new Date((await job()).runAfter.getTime() + 1));
    }
    const [waiting] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(waiting).toMatchObject({ deliveryStatus: 'queued', nextAttemptAt: (await job()).runAfter });
    down = false;
    expect(tries).toBeGreaterThanOrEqual(6);
    const failedCalls = sends().length;

    expect(await worker.drainOnce()).toMatchObject({ done: 1 });
    expect(sends()).toHaveLength(failedCalls + 1);
    const [sent] = await t.ctx.db.select().from(messages).where(eq(messages.id, message.id));
    expect(sent).toMatchObject({
      deliveryStatus: 'sent',
      nextAttemptAt: null,
      channelMessageId: expect.stringMatching(`^${botId}:${CHAT}:`),
    });
  });
});
