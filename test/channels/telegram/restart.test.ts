import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import { normaliseMessage } from '../../../channels/telegram/normalise.ts';
import { attachments, messages } from '../../../server/db/schema/index.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { telegramWorld } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';

const { t, api, startChannel: startNode } = telegramWorld();

const inboundTexts = async () =>
  (await t.ctx.db.select({ text: messages.text }).from(messages).where(eq(messages.direction, 'in'))).map((m) => m.text).sort();
const handledUpTo = (botId: string, offset: number) =>
  eventually(async () => (await readCursor(t.ctx, botId)).offset === offset, `offset ${offset}`, 15_000);
const textUpdate = (updateId: number, messageId: number, text: string) =>
  loadUpdate('text', { update_id: updateId, message: { message_id: messageId, text } });

describe('Telegram restarts', () => {
  it('a runner stopped mid-batch hands over to the next without losing or repeating a message', async () => {
    const { token, botId } = await buildTelegramInbox(t.ctx);
    const updates = Array.from({ length: 6 }, (_, i) => {
      api.addFile(token, `file-${i}`, Buffer.from(`photo bytes ${i}`), { path: `photos/${i}.jpg`, delayMs: 150 });
      const photo = [{ file_id: `file-${i}`, file_unique_id: `unique-${i}`, width: 640, height: 480, file_size: 14 }];
      return loadUpdate('photo', { update_id: 2000 + i, message: { message_id: 300 + i, caption: `photo ${i}`, photo } });
    });
    api.pushUpdates(token, ...updates);
    const first = await startNode();
    await eventually(async () => (await t.ctx.db.$count(messages)) >= 2, 'two messages from the first runner');
    await first.stop();
    const atStop = await t.ctx.db.$count(messages);
    expect(atStop).toBeLessThan(6);
    expect((await readCursor(t.ctx, botId)).offset).toBe(2000 + atStop);

    await startNode();
    await handledUpTo(botId, 2006);
    expect(await inboundTexts()).toEqual(['photo 0', 'photo 1', 'photo 2', 'photo 3', 'photo 4', 'photo 5']);
    expect(await t.ctx.db.$count(attachments)).toBe(6);
  });

  it('an update whose message committed just before a crash (offset not yet recorded) is not stored twice', async () => {
    const { inbox, token, botId } = await buildTelegramInbox(t.ctx);
    const node = await startNode();
    api.pushUpdates(token, textUpdate(3000, 401, 'first'), textUpdate(3001, 402, 'second'));
    await handledUpTo(botId, 3002);
    await node.stop();

    // What the crashed process got done for update 3002: its message is in, the offset still says 3002.
    const third = textUpdate(3002, 403, 'third');
    await ingest(t.ctx, normaliseMessage(botId, inbox.id, third.message!, false).inbound);
    api.pushUpdates(token, third, textUpdate(3003, 404, 'fourth'));
    await startNode();
    await handledUpTo(botId, 3004);
    expect(await inboundTexts()).toEqual(['first', 'fourth', 'second', 'third']);
  });

  it('with two app nodes one polls and the other takes over when it stops', async () => {
    const { token, botId } = await buildTelegramInbox(t.ctx);
    const first = await startNode();
    await eventually(() => api.callsTo('getUpdates', token).length > 0, 'the first node to poll');
    await startNode();
    api.pushUpdates(token, textUpdate(4000, 501, 'before'));
    await handledUpTo(botId, 4001);
    await first.stop();
    api.pushUpdates(token, textUpdate(4001, 502, 'after'));
    await handledUpTo(botId, 4002);
    expect(await inboundTexts()).toEqual(['after', 'before']);
    expect(api.conflicts(token)).toBe(0);
  });
});
