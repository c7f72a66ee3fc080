import type { Message } from 'grammy/types';
import type { InboundMessage } from '../types.ts';
import { editKeyOf, messageKeyOf, threadKeyOf } from './ids.ts';

/** A file the customer sent, to be fetched with getFile before ingest. */
export interface MediaRef {
  kind: 'photo' | 'document' | 'voice' | 'video' | 'audio' | 'video_note' | 'animation';
  fileId: string;
  filename: string;
  contentType: string;
  size?: number;
}

export interface NormalisedMessage {
  inbound: Omit<InboundMessage, 'attachments'>;
  media: MediaRef | null;
}

const mediaLabels: Record<MediaRef['kind'], string> = {
  photo: 'Photo',
  document: 'Document',
  voice: 'Voice message',
  video: 'Video',
  audio: 'Audio',
  video_note: 'Video message',
  animation: 'GIF',
};

/** One private-chat message (or a new version of one) as the InboundMessage ingest expects. */
export function normaliseMessage(botId: string, inboxId: string | undefined, m: Message, edited: boolean): NormalisedMessage {
  const chatId = m.chat.id;
  const from = m.from!;
  const media = mediaOf(m);
  const reply = m.reply_to_message;
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  const telegram = {
    botId,
    chatId,
    messageId: m.message_id,
    ...(edited ? { edited: true, editDate: m.edit_date } : {}),
    ...(reply ? { replyTo: { messageId: reply.message_id, excerpt: (reply.text ?? reply.caption ?? '').slice(0, 200) } } : {}),
  };
  return {
    media,
    // Never marked `automated`: bots are refused before this (inbound.ts), and is_from_offline (a Business away
    // or greeting message) is also set on messages a person scheduled, whose reply must reopen the ticket.
    inbound: {
      channel: 'telegram',
      ...(inboxId ? { inboxId } : {}),
      threadKey: threadKeyOf(botId, chatId),
      externalMessageId: edited ? editKeyOf(botId, chatId, m.message_id, m.edit_date ?? m.date) : messageKeyOf(botId, chatId, m.message_id),
      sender: {
        externalId: String(from.id),
        ...(displayName ? { displayName: displayName.slice(0, 200) } : {}),
        ...(from.language_code ? { locale: from.language_code } : {}),
        meta: { username: from.username ?? null, languageCode: from.language_code ?? null, userId: from.id },
      },
      text: textOf(m, media),
      receivedAt: new Date((edited && m.edit_date ? m.edit_date : m.date) * 1000),
      ...(reply ? { inReplyTo: messageKeyOf(botId, chatId, reply.message_id) } : {}),
      meta: { telegram, ...(edited ? { editOf: messageKeyOf(botId, chatId, m.message_id) } : {}) },
    },
  };
}

function mediaOf(m: Message): MediaRef | null {
  if (m.photo?.length) {
    const best = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return {
      kind: 'photo',
      fileId: best.file_id,
      filename: `photo-${best.file_unique_id}.jpg`,
      contentType: 'image/jpeg',
      size: best.file_size,
    };
  }
  // An animation also carries a `document` for old clients: look at it first.
  const candidates = [
    ['animation', m.animation, 'mp4', 'video/mp4'],
    ['video', m.video, 'mp4', 'video/mp4'],
    ['video_note', m.video_note, 'mp4', 'video/mp4'],
    ['voice', m.voice, 'ogg', 'audio/ogg'],
    ['audio', m.audio, 'mp3', 'audio/mpeg'],
    ['document', m.document, 'bin', 'application/octet-stream'],
  ] as const;
  for (const [kind, file, ext, fallbackType] of candidates) {
    if (!file) continue;
    const named = file as { file_name?: string; mime_type?: string };
    return {
      kind,
      fileId: file.file_id,
      filename: named.file_name || `${kind.replace('_', '-')}-${file.file_unique_id}.${ext}`,
      contentType: named.mime_type || fallbackType,
      size: file.file_size,
    };
  }
  return null;
}

/** The words an agent reads: the text or caption, else a readable placeholder for what was sent. */
function textOf(m: Message, media: MediaRef | null): string {
  const own = m.text ?? m.caption;
  if (own) return own;
  if (media) {
    const seconds = (m.voice ?? m.video ?? m.video_note ?? m.audio)?.duration;
    const detail = media.kind === 'document' || media.kind === 'audio' ? `: ${media.filename}` : seconds ? ` (${duration(seconds)})` : '';
    return `[${mediaLabels[media.kind]}${detail}]`;
  }
  if (m.sticker) return `[Sticker${m.sticker.emoji ? ` ${m.sticker.emoji}` : ''}]`;
  if (m.venue) return `📍 ${m.venue.title}, ${m.venue.address}\n${mapLink(m.venue.location.latitude, m.venue.location.longitude)}`;
  if (m.location)
    return `📍 Location: ${m.location.latitude}, ${m.location.longitude}\n${mapLink(m.location.latitude, m.location.longitude)}`;
  if (m.contact) return `[Contact: ${[m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ')}, ${m.contact.phone_number}]`;
  if (m.poll) return `[Poll: ${m.poll.question}]`;
  if (m.dice) return `[Dice ${m.dice.emoji}: ${m.dice.value}]`;
  return '[Unsupported Telegram message]';
}

const mapLink = (lat: number, lon: number) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
