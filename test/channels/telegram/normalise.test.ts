import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { normaliseMessage } from '../../../channels/telegram/normalise.ts';
import { inboundMessageSchema } from '../../../channels/types.ts';
import { loadUpdate } from '../../support/telegram.ts';

const BOT = '123456789';
const INBOX = '8b0c6c55-1d8f-4e3c-9d55-2f2b3f6d6a10';
const message = (name: string) => {
  const u = loadUpdate(name);
  return (u.message ?? u.edited_message) as Message;
};
const normalise = (name: string) => normaliseMessage(BOT, INBOX, message(name), !!loadUpdate(name).edited_message);

describe('normaliseMessage', () => {
  it('turns a text message into an InboundMessage keyed by bot and chat, with the Telegram identity', () => {
    const { inbound, media } = normalise('text');
    expect(media).toBeNull();
    expect(inboundMessageSchema.parse(inbound)).toMatchObject({
      channel: 'telegram',
      inboxId: INBOX,
      threadKey: '123456789:555000111',
      externalMessageId: '123456789:555000111:101',
      text: 'Hello, my order #4411 arrived broken.\nCan you help?',
      sender: { externalId: '555000111', displayName: 'Anna Schmidt', locale: 'de', meta: { username: 'anna_s', languageCode: 'de' } },
    });
    expect(inbound.receivedAt).toEqual(new Date(1767261600 * 1000));
  });

  it('picks the largest photo size and keeps the caption as the text', () => {
    const { inbound, media } = normalise('photo');
    expect(media).toMatchObject({
      kind: 'photo',
      fileId: 'AgACAgIAAxkBAAIBZ2large',
      contentType: 'image/jpeg',
      filename: 'photo-AQADlarge.jpg',
    });
    expect(inbound.text).toBe('This is how the box looked');
  });

  it('keeps a document name and type, and names voice and video files', () => {
    expect(normalise('document').media).toMatchObject({ kind: 'document', filename: 'invoice-4411.pdf', contentType: 'application/pdf' });
    const voice = normalise('voice');
    expect(voice.media).toMatchObject({ kind: 'voice', filename: 'voice-AgADvoice.ogg', contentType: 'audio/ogg' });
    expect(voice.inbound.text).toBe('[Voice message (0:07)]');
    expect(normalise('video').media).toMatchObject({ kind: 'video', filename: 'unboxing.mp4', contentType: 'video/mp4' });
  });

  it('writes stickers and locations as readable placeholders', () => {
    expect(normalise('sticker')).toMatchObject({ media: null, inbound: { text: '[Sticker 😢]' } });
    const location = normalise('location').inbound.text;
    expect(location).toContain('📍 Location: 52.520008, 13.404954');
    expect(location).toContain('https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954');
  });

  it('records an edit as a new version pointing at the original message', () => {
    const { inbound } = normalise('edited');
    expect(inbound.externalMessageId).toBe('123456789:555000111:101:edit:1767262080');
    expect(inbound.meta).toMatchObject({ editOf: '123456789:555000111:101', telegram: { edited: true } });
    expect(inbound.receivedAt).toEqual(new Date(1767262080 * 1000));
  });

  it('keeps which message a reply answers', () => {
    const { inbound } = normalise('reply');
    expect(inbound.inReplyTo).toBe('123456789:555000111:5001');
    expect(inbound.meta).toMatchObject({ telegram: { replyTo: { messageId: 5001, excerpt: 'Could you send us the order number?' } } });
  });
});
