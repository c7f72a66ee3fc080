import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import { attachments, channelState, customerIdentities, messages, tickets } from '../../../server/db/schema/index.ts';
import { filePath } from '../../../server/services/attachments/store.ts';
import { telegramWorld } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';

const { t, api, startChannel } = telegramWorld();

const inboundTexts = async () => (await t.ctx.db.select().from(messages).where(eq(messages.direction, 'in'))).map((m) => m.text).sort();

describe('Telegram long polling', () => {
  it('turns a private message into a ticket for the inbox and commits the offset after it', async () => {
    const { inbox, token, botId } = await buildTelegramInbox(t.ctx);
    await startChannel();
    api.pushUpdates(token, loadUpdate('text', { update_id: 900 }));
    const [msg] = await eventually(
      () =>
        t.ctx.db
          .select()
          .from(messages)
          .then((r) => r.length && r),
      'the message to be stored',
    );
    expect(msg).toMatchObject({
      channel: 'telegram',
      direction: 'in',
      channelMessageId: `${botId}:555000111:101`,
      text: 'Hello, my order #4411 arrived broken.\nCan you help?',
    });
    const [ticket] = await t.ctx.db.select().from(tickets);
    expect(ticket).toMatchObject({
      channel: 'telegram',
      inboxId: inbox.id,
      threadKey: `${botId}:555000111`,
      subject: 'Hello, my order #4411 arrived broken.',
    });
    const [identity] = await t.ctx.db.select().from(customerIdentities);
    expect(identity).toMatchObject({
      channel: 'telegram',
      externalId: '555000111',
      displayName: 'Anna Schmidt',
      meta: { username: 'anna_s', languageCode: 'de' },
    });
    expect(await eventually(async () => (await readCursor(t.ctx, botId)).offset === 901, 'the offset to be committed')).toBe(true);
    expect(api.callsTo('deleteWebhook', token)).not.toHaveLength(0);
    const [status] = await t.ctx.db
      .select()
      .from(channelState)
      .where(eq(channelState.key, `telegram-status:${inbox.id}`));
    expect(status?.value).toMatchObject({ state: 'connected', error: null, mode: 'polling', username: `test_${botId}_bot` });
  });

  it('shows a revoked token on the inbox status instead of crashing', async () => {
    const { inbox, token } = await buildTelegramInbox(t.ctx);
    api.revoke(token);
    await startChannel();
    const [status] = await t.ctx.db
      .select()
      .from(channelState)
      .where(eq(channelState.key, `telegram-status:${inbox.id}`));
    expect(status?.value).toMatchObject({ state: 'error', error: 'Telegram rejected the bot token (revoked or wrong)' });
  });

  it('downloads photos, documents, voice and video through getFile and stores them with their captions', async () => {
    const { token } = await buildTelegramInbox(t.ctx);
    const files = {
      AgACAgIAAxkBAAIBZ2large: Buffer.from('jpeg bytes of the broken box'),
      BQACAgIAAxkBAAIBaGinvoice: Buffer.from('%PDF-1.7 invoice'),
      AwACAgIAAxkBAAIBaXvoice: Buffer.from('OggS voice'),
      BAACAgIAAxkBAAIBanvideo: Buffer.from('mp4 unboxing'),
    };
    for (const [id, bytes] of Object.entries(files)) api.addFile(token, id, bytes, { path: `media/${id}` });
    await startChannel();
    api.pushUpdates(token, ...['photo', 'document', 'voice', 'video'].map((name, i) => loadUpdate(name, { update_id: 1000 + i })));
    const rows = await eventually(async () => {
      const r = await t.ctx.db.select().from(attachments);
      return r.length === 4 && r;
    }, 'four attachments');
    const byName = Object.fromEntries(rows.map((a) => [a.filename, a]));
    expect(Object.keys(byName).sort()).toEqual(['invoice-4411.pdf', 'photo-AQADlarge.jpg', 'unboxing.mp4', 'voice-AgADvoice.ogg']);
    expect(byName['invoice-4411.pdf']).toMatchObject({ contentType: 'application/pdf', sha256: sha(files.BQACAgIAAxkBAAIBaGinvoice) });
    for (const a of rows) {
      const bytes = readFileSync(filePath(t.ctx.config.DATA_DIR, a.storageKey));
      expect(Object.values(files).some((f) => f.equals(bytes))).toBe(true);
    }
    expect(await inboundTexts()).toEqual([
      'Invoice attached',
      'This is how the box looked',
      'Unboxing, the crack is at 0:08',
      '[Voice message (0:07)]',
    ]);
  });

  it('stores a video too big for bots as a note instead of losing the message', async () => {
    const { token } = await buildTelegramInbox(t.ctx);
    await startChannel();
    api.pushUpdates(token, loadUpdate('video-too-big', { update_id: 1100 }));
    const texts = await eventually(async () => (await inboundTexts()).length && inboundTexts(), 'the message');
    expect(texts[0]).toMatch(/\[Video \(5:00\)\]\n\[video-AgADhuge\.mp4 is larger than Telegram lets bots download \(70\.0 MB\)/);
    expect(api.callsTo('getFile', token)).toHaveLength(0);
  });

  it('records an edit in the same ticket and ignores group chats', async () => {
    const { token, botId } = await buildTelegramInbox(t.ctx);
    await startChannel();
    api.pushUpdates(
      token,
      loadUpdate('text', { update_id: 1200 }),
      loadUpdate('group', { update_id: 1201 }),
      loadUpdate('edited', { update_id: 1202 }),
    );
    await eventually(async () => (await readCursor(t.ctx, botId)).offset === 1203, 'all three updates to be handled');
    const rows = await t.ctx.db.select().from(messages);
    expect(rows.map((m) => m.text).sort()).toEqual([
      'Hello, my order #4411 arrived broken.\nCan you help?',
      'Hello, my order #4412 arrived broken.\nCan you help?',
    ]);
    expect(new Set(rows.map((m) => m.ticketId)).size).toBe(1);
    expect(rows.find((m) => m.text.includes('4412'))?.meta).toMatchObject({ editOf: `${botId}:555000111:101` });
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });

  it('answers /start and /help with the configured texts and opens no ticket', async () => {
    const { token } = await buildTelegramInbox(t.ctx, {
      settings: { greeting: 'Willkommen bei Acme!', helpText: 'Schreiben Sie einfach hier.' },
    });
    await startChannel();
    api.pushUpdates(token, loadUpdate('start', { update_id: 1300 }), loadUpdate('help', { update_id: 1301 }));
    const sent = await eventually(() => api.callsTo('sendMessage', token).length === 2 && api.callsTo('sendMessage', token), 'two answers');
    expect(sent.map((c) => [c.params.chat_id, c.params.text])).toEqual([
      [555000111, 'Willkommen bei Acme!'],
      [555000111, 'Schreiben Sie einfach hier.'],
    ]);
    expect(await t.ctx.db.$count(tickets)).toBe(0);
  });

  it('ignores an update id Telegram delivers twice', async () => {
    const { token, botId } = await buildTelegramInbox(t.ctx);
    await startChannel();
    api.pushUpdates(token, loadUpdate('start', { update_id: 1400 }));
    await eventually(() => api.callsTo('sendMessage', token).length === 1, 'the greeting');
    api.pushUpdates(token, loadUpdate('start', { update_id: 1400 }), loadUpdate('text', { update_id: 1401 }));
    await eventually(async () => (await readCursor(t.ctx, botId)).offset === 1402, 'the next update to be handled');
    expect(api.callsTo('sendMessage', token)).toHaveLength(1);
    expect(await t.ctx.db.$count(messages)).toBe(1);
  });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
