/**
 * The /widget Socket.IO and HTTP contract, shared by the server (channels/widget/) and the embeddable widget
 * (channels/widget/client/). Pure types and constants: the widget bundle imports this file, so nothing here may
 * import runtime code.
 *
 * Embedding:  <script src="https://<host>/widget.js" data-inbox="<widget inbox id>" async></script>
 * Optional verified identity (the host site's signed-in user), all four computed by the host's back end:
 *   data-user-id="42" data-user-hash="<hex HMAC-SHA256(identity secret, '42')>" data-user-name="..." data-user-email="..."
 */
import type { ServiceErrorCode, WireError } from '../../server/errors.ts';
import type { Locale } from '../../server/locale/index.ts';

export type FieldMode = 'off' | 'optional' | 'required';

/** What the widget may know of its inbox's settings (never the identity secret). */
export interface WidgetPublicSettings {
  inboxId: string;
  /** CSS colour of the launcher and the customer's bubbles, e.g. "#1f6feb". */
  color: string;
  greeting: string;
  position: 'right' | 'left';
  preChat: { name: FieldMode; email: FieldMode };
  /** Free text shown while nobody is online, e.g. "Mon–Fri 9:00–18:00 CET". */
  businessHoursText: string;
  /** UI language of the widget; 'auto' follows the visitor's browser. */
  locale: 'auto' | Locale;
  limits: WidgetLimits;
}

/**
 * A custom field an admin shows to customers, asked (never required) in the pre-chat form. Label, help and option
 * labels come in the widget's language. The answer's key in `prechat.submit` is `ticketFields` or `customerFields`
 * by `entity`; text-like types take a string, number/decimal a number or numeric string, date "YYYY-MM-DD",
 * checkbox true, select one option value, multi_select a list of them.
 */
export interface WidgetField {
  entity: 'ticket' | 'customer';
  key: string;
  type: 'text' | 'long_text' | 'number' | 'decimal' | 'date' | 'select' | 'multi_select' | 'checkbox' | 'url';
  label: string;
  help: string | null;
  options: Array<{ value: string; label: string }>;
}

/** What the pre-chat form sends; a refused field is named in the error's details as `ticketFields.<key>`. */
export interface WidgetPreChat {
  name?: string;
  email?: string;
  ticketFields?: Record<string, unknown>;
  customerFields?: Record<string, unknown>;
}

export interface WidgetLimits {
  maxTextLength: number;
  maxAttachmentBytes: number;
  /** MIME types accepted for attachments; "image/*" style wildcards allowed. */
  attachmentTypes: string[];
}

export const WIDGET_DEFAULT_LIMITS: WidgetLimits = {
  maxTextLength: 5_000,
  maxAttachmentBytes: 10 * 1024 * 1024,
  attachmentTypes: ['image/*', 'application/pdf', 'text/plain'],
};

export interface WidgetAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Fetched with the visitor token (Authorization: Bearer <token>, or ?token= for <img>). */
  url: string;
}

export interface WidgetMessage {
  id: string;
  /** The id the widget chose when sending (customer messages only): lets a resend match its original. */
  clientId: string | null;
  author: 'customer' | 'agent' | 'system';
  agent: { name: string; avatarUrl: string | null } | null;
  /** Plain text; the widget renders it as text, never as HTML. */
  text: string;
  attachments: WidgetAttachment[];
  createdAt: string;
}

export interface WidgetIdentityClaim {
  userId: string;
  /** Hex HMAC-SHA256 of userId with the inbox's identity secret; without a valid hash nothing is merged. */
  hash?: string;
  name?: string;
  email?: string;
}

/** socket.io-client `auth` of the /widget handshake. */
export interface WidgetHandshake {
  inboxId: string;
  /** The signed visitor token from an earlier `welcome` (kept in localStorage); absent on first visit. */
  token?: string;
  identity?: WidgetIdentityClaim;
  locale?: string;
  /** location.pathname of the host page. */
  page?: string;
  /** The visitor's IANA time zone, so agents see their local time. */
  tz?: string;
}

/**
 * The server's one error vocabulary (server/errors.ts), the same over HTTP and the agents' socket. Codes a widget
 * meets: VALIDATION, FORBIDDEN, NOT_FOUND, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED (with
 * retryAfterMs), CONFLICT and GONE (csat.submit), UNAVAILABLE (nothing was saved, resend later), INTERNAL.
 */
export type WidgetErrorCode = ServiceErrorCode;
export type WidgetError = WireError;

/**
 * `details.reason` of a FORBIDDEN that reconnecting cannot get past: the page's origin is not among the inbox's
 * allowed origins, or the chat was switched off. A FORBIDDEN without a reason is about the visitor token.
 */
export type WidgetRefusalReason = 'ORIGIN_NOT_ALLOWED' | 'INBOX_DISABLED';

export type WidgetAck<T = null> = { ok: true; data: T } | { ok: false; error: WidgetError };

export interface WidgetWelcome {
  /** Store it and present it on the next handshake: the same conversation continues across reloads and days. */
  token: string;
  visitorId: string;
  settings: WidgetPublicSettings;
  /** Is any agent of the inbox's team online now? When not, the widget says so and shows `away`. */
  online: boolean;
  away: WidgetAway;
  customer: { name: string | null; email: string | null; verified: boolean };
  /** Has the pre-chat form been answered (or is it not needed)? */
  preChatDone: boolean;
  /** Custom fields the pre-chat form also asks, all optional; their answers go on the ticket and customer with the first message. */
  fields: WidgetField[];
  /** The whole conversation so far, oldest first (customer, agent and system messages). */
  messages: WidgetMessage[];
  /** The newest customer message an agent has seen, if any. */
  readUpTo: string | null;
  /** When the conversation was resolved (or closed), while the customer has not written since; else null. */
  resolvedAt: string | null;
}

/**
 * What the widget says while nobody is online, in its language. With askEmail it asks for an email address (a
 * mailbox can send the replies); without, it says the answer will come in the chat.
 */
export interface WidgetAway {
  text: string;
  askEmail: boolean;
}

/**
 * A satisfaction survey for one resolution of the visitor's conversation. Sent to every open tab when an agent
 * resolves it, and again on each (re)connect while it is unanswered and not expired; a tab that already shows
 * it can match `ticketId` + `resolvedAt`. Answer with `csat.submit` (the token is the proof; keep it as given).
 */
export interface WidgetCsatRequest {
  ticketId: string;
  resolvedAt: string;
  token: string;
  /** After this the answer is refused with GONE: hide the prompt. */
  expiresAt: string;
}

export interface WidgetCsatAnswer {
  ticketId: string;
  rating: number;
  comment: string | null;
}

/** Server -> widget. */
export interface WidgetServerEvents {
  /** Sent once per connection, after the handshake is accepted. */
  welcome: (p: WidgetWelcome) => void;
  /** A new message in this visitor's conversation (an agent reply, or the visitor's own from another tab). */
  message: (p: WidgetMessage) => void;
  typing: (p: { state: 'start' | 'stop'; agent: { name: string; avatarUrl: string | null } }) => void;
  /** An agent has seen the customer's messages up to and including this one. */
  read: (p: { upTo: string }) => void;
  availability: (p: { online: boolean }) => void;
  /** The conversation was resolved or closed (`at`), or reopened (null): the widget shows or hides its notice. */
  resolved: (p: { at: string | null }) => void;
  /** Something the visitor did was refused outside an ack (e.g. too many connections). */
  problem: (p: WidgetError) => void;
  /** Ask for a rating (1-5, optional comment); see WidgetCsatRequest. */
  'csat.request': (p: WidgetCsatRequest) => void;
  /** The survey was answered (in this tab or another): every tab hides the prompt. */
  'csat.answered': (p: WidgetCsatAnswer) => void;
}

/** Widget -> server; every send is acknowledged. */
export interface WidgetClientEvents {
  /**
   * Sends a customer message. `clientId` (a UUID the widget chooses and keeps until acked) makes it idempotent:
   * a resend after a reconnect acks with the original message and is never ingested twice.
   */
  'message.send': (p: { clientId: string; text: string; attachmentIds?: string[] }, ack: (a: WidgetAck<WidgetMessage>) => void) => void;
  'prechat.submit': (p: WidgetPreChat, ack: (a: WidgetAck<WidgetWelcome['customer']>) => void) => void;
  typing: (p: { state: 'start' | 'stop' }, ack?: (a: WidgetAck) => void) => void;
  /** The customer has seen the agent's messages up to and including this one. */
  read: (p: { upTo: string }, ack?: (a: WidgetAck) => void) => void;
  /**
   * Answers a csat.request: rating 1-5, comment up to 2000 characters. One answer per survey: a second is
   * refused with CONFLICT; an expired survey or a reopened ticket with GONE; an altered token with VALIDATION;
   * a token of another visitor's conversation with FORBIDDEN.
   */
  'csat.submit': (p: { token: string; rating: number; comment?: string }, ack: (a: WidgetAck<WidgetCsatAnswer>) => void) => void;
}

/**
 * HTTP beside the socket (all under /api/widget/, CORS limited to the inbox's allowed origins):
 *   GET  /api/widget/inboxes/:inboxId/settings           -> WidgetPublicSettings (before connecting; draws the launcher)
 *   POST /api/widget/attachments  (Bearer visitor token, multipart field "file") -> WidgetAttachment (then send its id)
 *   GET  /api/widget/attachments/:id?token=...          -> the file, only to the visitor whose conversation holds it
 */
export const WIDGET_NAMESPACE = '/widget';
export const WIDGET_TOKEN_STORAGE_KEY = 'switchboard.widget.token';
