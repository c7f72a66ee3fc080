import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type ChannelRegistry } from '../../../channels/types.ts';
import { outbox } from '../../../server/db/schema/index.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld({ OUTBOX_POLL_MS: '60000' });

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

interface Presented {
  id: string;
  deliveryStatus: string;
  deliveryError: string | null;
  deliveryAttempts: number;
  nextAttemptAt: string | null;
}

/** A Telegram adapter whose sends fail with `error` until it is set to null. */
function telegramFailingWith(state: { error: Error | null }): ChannelRegistry {
  return {
    api: null,
    email: null,
    widget: null,
    telegram: {
      channel: 'telegram',
      send: async () => {
        if (state.error) throw state.error;
        return { channelMessageId: '5:77' };
      },
    },
  };
}

describe('a reply waiting for another try', () => {
  it('is presented as queued with its error and the time of the next attempt, then as failed without one', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const { ticketId } = await buildTeamTicket(t.ctx, null, { channel: 'telegram', threadKey: 'chat-5', sender: { externalId: '5' } });
    const replied = await send('POST', `/api/tickets/${ticketId}/reply`, agent.headers, { text: 'Hello from support' });
    const { message } = (await replied.json()) as { message: Presented };
    expect(message).toMatchObject({ deliveryStatus: 'queued', nextAttemptAt: null });

    const state: { error: Error | null } = { error: new Error('Network request for sendMessage failed') };
    const worker = createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels: telegramFailingWith(state) }) });
    t.published.length = 0;
    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    const [job] = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver'));
    const shown = async () => {
      const detail = (await (await send('GET', `/api/tickets/${ticketId}`, agent.headers)).json()) as { messages: Presented[] };
      return detail.messages.find((m) => m.id === message.id)!;
    };
    expect(await shown()).toEqual(
      expect.objectContaining({
        deliveryStatus: 'queued',
        deliveryError: 'Network request for sendMessage failed',
        deliveryAttempts: 1,
        nextAttemptAt: job!.runAfter.toISOString(),
      }),
    );
    // Open consoles hear it live, with the same fields.
    expect(t.published).toContainEqual({
      name: 'message.status',
      data: {
        ticketId,
        messageId: message.id,
        status: 'queued',
        error: 'Network request for sendMessage failed',
        nextAttemptAt: job!.runAfter.toISOString(),
      },
    });

    state.error = new PermanentDeliveryError('customer blocked the bot');
    t.clock.set(new Date(job!.runAfter.getTime() + 1));
    expect(await worker.drainOnce()).toMatchObject({ failed: 1 });
    expect(await shown()).toEqual(
      expect.objectContaining({ deliveryStatus: 'failed', deliveryError: 'customer blocked the bot', nextAttemptAt: null }),
    );
  });
});
