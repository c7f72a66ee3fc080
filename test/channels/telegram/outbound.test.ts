import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../channels/telegram/channel.ts';
import { PermanentDeliveryError, type OutboundMessage } from '../../../channels/types.ts';
import type { UploadedFile } from '../../support/telegram-api.ts';
import { buildTicket } from '../../support/factories.ts';
import { telegramWorld } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually } from '../../support/telegram.ts';

const { t, api, startChannel } = telegramWorld();
let channel: TelegramChannel | null = null;
afterEach(() => {
  channel = null;
});

const CHAT = 555000111;

async function setup() {
  const made = await buildTelegramInbox(t.ctx);
  channel = await startChannel();
  const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: randomUUID(),
    ticketId: randomUUID(),
    ticketNumber: 1000,
    channel: 'telegram',
    inboxId: made.inbox.id,
    threadKey: `${made.botId}:${CHAT}`,
    subject: 'Broken box',
    recipient: { externalId: String(CHAT), displayName: 'Anna Schmidt', email: null },
    author: { name: 'Agent Smith' },
    text: 'We are sending a replacement today.',
    html: null,
    attachments: [],
    threadMessageIds: [],
    inReplyTo: null,
    automatic: false,
    ...overrides,
  });
  return { ...made, channel: channel!, outbound };
}

const paragraph = (n: number) => `Paragraph ${n}: ${'lorem ipsum dolor sit amet '.repeat(60).trim()}`;

describe('Telegram outbound', () => {
  it('sends a reply to the chat and returns the Telegram message id', async () => {
    const { channel, outbound, token, botId } = await setup();
    const result = await channel.send(outbound());
    const [call] = api.callsTo('sendMessage', token);
    expect(call!.params).toMatchObject({ chat_id: CHAT, text: 'We are sending a replacement today.' });
    expect(result.channelMessageId).toMatch(new RegExp(`^${botId}:${CHAT}:\\d+$`));
  });

  it('splits a reply longer than 4096 characters into several messages, losing nothing', async () => {
    const { channel, outbound, token } = await setup();
    const text = Array.from({ length: 7 }, (_, i) => paragraph(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(2 * 4096);
    await channel.send(outbound({ text }));
    const pieces = api.callsTo('sendMessage', token).map((c) => String(c.params.text));
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(4096);
    expect(pieces.join('\n\n')).toBe(text);
  });

  it('waits out a 429 for retry_after seconds and then delivers', async () => {
    const { channel, outbound, token } = await setup();
    api.fail(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      { match: () => true },
    );
    await channel.send(outbound());
    const calls = api.callsTo('sendMessage', token);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('fails at once with "customer blocked the bot" on a 403', async () => {
    const { channel, outbound, token } = await setup();
    api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const err = await channel.send(outbound()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toBe('customer blocked the bot');
    expect(api.callsTo('sendMessage', token)).toHaveLength(1);
  });

  it('resumes a split reply where it stopped instead of sending the first part twice', async () => {
    const { channel, outbound, token } = await setup();
    const msg = outbound({ text: [paragraph(1), paragraph(2), paragraph(3), paragraph(4), paragraph(5)].join('\n\n') });
    let seen = 0;
    // retry_after beyond what auto-retry waits: the send fails and the outbox would retry it later.
    api.fail(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 120', parameters: { retry_after: 120 } },
      { match: () => ++seen === 2 },
    );
    await expect(channel.send(msg)).rejects.toThrow(/retry after 120/);
    await channel.send(msg);
    // Recorded calls: part 1, part 2 (refused), then on retry part 2 and part 3; part 1 only once.
    const calls = api.callsTo('sendMessage', token).map((c) => String(c.params.text));
    expect(calls).toHaveLength(4);
    expect(calls[1]).toBe(calls[2]);
    expect(new Set(calls).size).toBe(3);
    expect(calls.slice(2).join('\n\n')).toBe(msg.text.slice(calls[0]!.length + 2));
  });

  it('shows "typing…" in the chat while an agent types, at most every few seconds', async () => {
    const { token, botId } = await setup();
    const ticket = await buildTicket(t.ctx, { channel: 'telegram', threadKey: `${botId}:${CHAT}`, sender: { externalId: String(CHAT) } });
    const agentTyping = {
      ticketId: ticket.ticketId,
      state: 'start' as const,
      who: { type: 'agent' as const, userId: randomUUID(), name: 'Agent Smith' },
    };
    t.ctx.events.publish([{ name: 'typing', data: agentTyping }]);
    const [call] = await eventually(
      () => api.callsTo('sendChatAction', token).length && api.callsTo('sendChatAction', token),
      'the typing action',
    );
    expect(call!.params).toMatchObject({ chat_id: CHAT, action: 'typing' });
    t.ctx.events.publish([{ name: 'typing', data: agentTyping }]);
    t.ctx.events.publish([{ name: 'typing', data: { ...agentTyping, who: { type: 'customer' as const } } }]);
    await channel!.typing(ticket.ticketId);
    expect(api.callsTo('sendChatAction', token)).toHaveLength(1);
  });

  it('sends images with sendPhoto and other files with sendDocument', async () => {
    const { channel, outbound, token } = await setup();
    const png = path.join(t.ctx.config.DATA_DIR, 'label.png');
    const pdf = path.join(t.ctx.config.DATA_DIR, 'return-label.pdf');
    writeFileSync(png, Buffer.from('\x89PNG fake image'));
    writeFileSync(pdf, Buffer.from('%PDF-1.7 label'));
    await channel.send(
      outbound({
        text: 'Here is your return label.',
        attachments: [
          { filename: 'label.png', contentType: 'image/png', path: png, size: 15 },
          { filename: 'return-label.pdf', contentType: 'application/pdf', path: pdf, size: 14 },
        ],
      }),
    );
    const photo = api.callsTo('sendPhoto', token)[0]!.params.photo as UploadedFile;
    const doc = api.callsTo('sendDocument', token)[0]!.params.document as UploadedFile;
    expect(photo.bytes.toString()).toBe('\x89PNG fake image');
    expect(doc).toMatchObject({ filename: 'return-label.pdf' });
    expect(doc.bytes.toString()).toBe('%PDF-1.7 label');
  });
});
