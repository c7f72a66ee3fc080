import { z } from 'zod';

export const channelKinds = ['email', 'widget', 'telegram', 'api', 'phone', 'in_person'] as const;
export type ChannelKind = (typeof channelKinds)[number];
/**
 * Channels an agent records a contact on (a phone call, a walk-in): nothing is ever sent on them, so they have no
 * adapter; the agent answers with a note, or starts an email or Telegram conversation.
 */
export const recordChannelKinds = ['phone', 'in_person'] as const satisfies readonly ChannelKind[];
export type RecordChannelKind = (typeof recordChannelKinds)[number];
export type SendChannelKind = Exclude<ChannelKind, RecordChannelKind>;
export const isRecordChannel = (c: ChannelKind): c is RecordChannelKind => (recordChannelKinds as readonly string[]).includes(c);

const MAX_TEXT = 100_000;

export const inboundAttachmentSchema = z.strictObject({
  filename: z.string().min(1).max(255),
  contentType: z.string().min(1).max(255),
  /** Base64 over HTTP; adapters in-process may pass a Buffer. */
  content: z.union([z.base64(), z.instanceof(Buffer).meta({ type: 'string', format: 'binary' })]),
  contentId: z.string().max(998).optional(),
  inline: z.boolean().optional(),
});
export type InboundAttachment = z.infer<typeof inboundAttachmentSchema>;

/** What every channel adapter hands to tickets.ingest(): one customer message, normalised. */
export const inboundMessageSchema = z.strictObject({
  channel: z.enum(channelKinds),
  inboxId: z.uuid().optional(),
  /** The conversation on the channel: email root Message-ID, Telegram chat id, widget visitor id. */
  threadKey: z.string().min(1).max(998),
  /** The channel's id of this message; a replay with the same id is a no-op. */
  externalMessageId: z.string().min(1).max(998),
  sender: z.strictObject({
    /** Email address, Telegram user id, widget visitor id, or the integrating system's customer id. */
    externalId: z.string().min(1).max(320),
    displayName: z.string().max(200).optional(),
    email: z.email().optional(),
    locale: z.string().max(35).optional(),
    /** Only adapters that proved the identity (HMAC-verified widget user) set this. */
    verified: z.boolean().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
  subject: z.string().max(998).optional(),
  text: z.string().max(MAX_TEXT),
  /** Must already be sanitized by the adapter (see channels/sanitize.ts). */
  html: z
    .string()
    .max(MAX_TEXT * 5)
    .optional(),
  attachments: z.array(inboundAttachmentSchema).max(50).optional(),
  receivedAt: z.coerce.date().optional(),
  inReplyTo: z.string().max(998).optional(),
  references: z.array(z.string().max(998)).max(200).optional(),
  /**
   * Sent by a machine (auto-replies, bounces, bulk): recorded in the conversation, even a closed one, but it is not
   * the customer answering (no status change, SLA clock or unread mark) and is never answered automatically.
   */
  automated: z.boolean().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export interface OutboundAttachment {
  filename: string;
  contentType: string;
  path: string;
  size: number;
}

/** An agent's reply as an adapter receives it, with what it needs to address and thread it. */
export interface OutboundMessage {
  messageId: string;
  ticketId: string;
  ticketNumber: number;
  channel: ChannelKind;
  inboxId: string | null;
  threadKey: string;
  subject: string;
  /** Where it goes: the customer's identity on this channel. */
  recipient: { externalId: string; displayName: string | null; email: string | null };
  author: { name: string } | null;
  text: string;
  html: string | null;
  attachments: OutboundAttachment[];
  /** Channel message ids of earlier messages in the thread, oldest first (email References). */
  threadMessageIds: string[];
  inReplyTo: string | null;
  /** Sent by the system, not typed by a person (acknowledgements, surveys): subject to the loop guard. */
  automatic: boolean;
  /** Email: further recipients the agent chose (the customer's own address and ours are never among them). */
  cc?: string[];
  bcc?: string[];
  /** Email: a forward of the conversation to these addresses instead of the customer, outside the customer's thread. */
  forwardTo?: string[];
}

export interface SendResult {
  /** The id the channel gave the sent message (email Message-ID, Telegram message id). */
  channelMessageId?: string;
  /**
   * The adapter's own bookkeeping for a send the channel accepted (e.g. the automatic-mail ledger): run only once
   * the message is recorded as sent, so a failure in it can never cause a second send.
   */
  afterRecorded?: () => Promise<void>;
}

/** A failure that retrying cannot fix (Telegram 403, a rejected address): the delivery fails at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A resolved ticket whose customer a channel may ask for a rating. */
export interface SurveyTicket {
  id: string;
  number: number;
  subject: string;
  customerId: string;
  inboxId: string | null;
}

export interface ChannelAdapter {
  readonly channel: ChannelKind;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Asks the customer to rate one resolution, in this channel's words, through the outbound verb (once per
   * resolution). Absent where the channel asks on its own (the widget, in its open tabs) or cannot.
   */
  requestRating?(ticket: SurveyTicket, resolvedAt: Date): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Keyed by the channel union: a new channel one can send on does not compile until it is wired here. */
export type ChannelRegistry = { [K in SendChannelKind]: ChannelAdapter | null };
