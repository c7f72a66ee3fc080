import { io, type Socket } from 'socket.io-client';
import {
  WIDGET_NAMESPACE,
  WIDGET_TOKEN_STORAGE_KEY,
  type WidgetAck,
  type WidgetAttachment,
  type WidgetCsatAnswer,
  type WidgetClientEvents,
  type WidgetError,
  type WidgetField,
  type WidgetMessage,
  type WidgetPreChat,
  type WidgetPublicSettings,
  type WidgetServerEvents,
  type WidgetWelcome,
} from '../../../protocol.ts';
import { checkAttachment, formatBytes } from './attachment-check.ts';
import { answered, requested, submitted, type CsatCard } from './csat.ts';
import { displayList, lastAgentMessageId, mergeMessages, seenMessageId, unreadCount, type FailedMessage } from './conversation.ts';
import type { EmbedConfig } from './embed-config.ts';
import { fetchSettings, HttpRefusal, uploadAttachment } from './http.ts';
import { pickLocale, translate, type MessageKey } from './i18n.ts';
import { newClientId, Outbox, type PendingMessage } from './outbox.ts';
import { isFinal, stopsReconnecting } from './refusal.ts';
import { browserStorage, readItem, writeItem } from './storage.ts';
import { TypingSignal } from './typing.ts';

type WidgetSocket = Socket<WidgetServerEvents, WidgetClientEvents>;
type Agent = { name: string; avatarUrl: string | null };
export type Refusal = Pick<WidgetError, 'message' | 'details'>;

const ACK_TIMEOUT_MS = 15_000;
const TYPING_SHOWN_MS = 6_000;

/** One visitor's conversation with one inbox: settings, socket, outbox, typing and read markers. */
export class WidgetSession {
  settings = $state<WidgetPublicSettings | null>(null);
  connection = $state<'idle' | 'connecting' | 'online' | 'lost' | 'refused'>('idle');
  refusal = $state<string | null>(null);
  online = $state(true);
  away = $state<WidgetWelcome['away']>({ text: '', askEmail: false });
  customer = $state<WidgetWelcome['customer']>({ name: null, email: null, verified: false });
  preChatDone = $state(false);
  /** Custom fields the pre-chat form asks (from the welcome, which also sets `welcomed`: no state of their own). */
  fields: WidgetField[] = [];
  welcomed = $state(false);
  messages = $state<WidgetMessage[]>([]);
  pending = $state<PendingMessage[]>([]);
  failed = $state<FailedMessage[]>([]);
  readUpTo = $state<string | null>(null);
  agentTyping = $state<Agent | null>(null);
  notice = $state<string | null>(null);
  isOpen = $state(false);
  lastReadByMe = $state<string | null>(null);
  csat = $state<CsatCard | null>(null);
  /** When the conversation was resolved; the customer writing on reopens it. */
  resolvedAt = $state<string | null>(null);

  readonly locale = $derived(
    pickLocale(this.settings?.locale, typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])),
  );
  readonly items = $derived(displayList(this.messages, this.pending, this.failed));
  readonly seenId = $derived(seenMessageId(this.messages, this.readUpTo));
  readonly unread = $derived(unreadCount(this.messages, this.lastReadByMe));
  /** Required answers missing, or optional ones never asked: the form comes first (optional ones can be skipped). */
  preChatSkipped = $state(false);
  readonly preChatFields = $derived.by(() => {
    const p = this.settings?.preChat;
    if (!p || !this.welcomed) return null;
    const ask = (mode: 'off' | 'optional' | 'required', known: string | null) => mode !== 'off' && !known;
    const name = ask(p.name, this.customer.name);
    const email = ask(p.email, this.customer.email);
    if (!this.preChatDone) return { name, email };
    const fresh = !this.messages.length && !this.pending.length && !this.preChatSkipped;
    return fresh && (name || email || this.fields.length) ? { name, email } : null;
  });

  token: string | null;
  readonly typing = new TypingSignal((state) => {
    if (this.welcomed) this.socket?.emit('typing', { state });
  });

  private socket: WidgetSocket | null = null;
  private readonly outbox: Outbox;
  readonly local = browserStorage('localStorage');
  private readonly tab = browserStorage('sessionStorage');
  private flushing = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private readSent: string | null = null;
  private waiters: Array<() => void> = [];

  constructor(readonly config: EmbedConfig) {
    this.outbox = new Outbox(this.local, config.inboxId);
    this.token = readItem(this.local, this.key(WIDGET_TOKEN_STORAGE_KEY));
    this.lastReadByMe = readItem(this.local, this.key('switchboard.widget.read'));
    this.isOpen = readItem(this.tab, this.key('switchboard.widget.open')) === '1';
    this.preChatSkipped = readItem(this.local, this.key('switchboard.widget.prechat')) === '1';
    this.pending = this.outbox.list();
  }

  t = (key: MessageKey, params?: Record<string, string | number>) => translate(this.locale, key, params);

  private key(prefix: string) {
    return `${prefix}.${this.config.inboxId}`;
  }

  /** Draws the launcher; connects at once when there is a conversation or an unsent message to carry on. */
  async start(): Promise<void> {
    try {
      this.settings = await fetchSettings(this.config.origin, this.config.inboxId, navigator.language);
    } catch (err) {
      if (err instanceof HttpRefusal && err.status < 500) {
        console.warn(`[switchboard widget] not shown: ${err.message}`);
        return;
      }
      // The server is unreachable right now; the socket keeps trying and its welcome brings the settings.
    }
    if (this.token || this.pending.length || this.isOpen) this.connect();
  }

  setOpen(open: boolean): void {
    this.isOpen = open;
    writeItem(this.tab, this.key('switchboard.widget.open'), open ? '1' : null);
    if (open) this.connect();
    else this.typing.stop();
  }

  connect(): void {
    if (this.socket) return;
    this.connection = 'connecting';
    const socket: WidgetSocket = io(this.config.origin + WIDGET_NAMESPACE, {
      auth: (cb) =>
        cb({
          inboxId: this.config.inboxId,
          ...(this.token ? { token: this.token } : {}),
          ...(this.config.identity ? { identity: this.config.identity } : {}),
          locale: navigator.language,
          page: location.pathname,
          tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
        }),
      withCredentials: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4_000,
    });
    this.socket = socket;
    socket.on('welcome', (w) => this.onWelcome(w));
    socket.on('message', (m) => {
      this.messages = mergeMessages(this.messages, [m]);
      if (m.author === 'agent') this.agentTyping = null;
      // The customer wrote on (in another tab): that reopens the ticket, the survey is over.
      else if (m.author === 'customer') this.csat = this.resolvedAt = null;
    });
    socket.on('typing', (p) => {
      if (this.typingTimer) clearTimeout(this.typingTimer);
      this.agentTyping = p.state === 'start' ? p.agent : null;
      if (p.state === 'start') this.typingTimer = setTimeout(() => (this.agentTyping = null), TYPING_SHOWN_MS);
    });
    socket.on('read', (p) => (this.readUpTo = p.upTo));
    socket.on('availability', (p) => (this.online = p.online));
    socket.on('resolved', (p) => (this.resolvedAt = p.at));
    socket.on('problem', (p) => (this.notice = p.message));
    socket.on('csat.request', (r) => (this.csat = requested(this.csat, r)));
    socket.on('csat.answered', (a) => (this.csat = answered(this.csat, a)));
    socket.on('disconnect', (reason) => {
      this.welcomed = false;
      this.agentTyping = null;
      if (this.connection !== 'refused') this.connection = 'lost';
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') this.later(() => socket.connect(), 1_000);
    });
    socket.on('connect_error', (err) => {
      if (socket.active) {
        this.connection = 'lost';
        return;
      }
      const data = (err as Error & { data?: Partial<WidgetError> }).data;
      if (stopsReconnecting(data)) {
        this.connection = 'refused';
        this.refusal = err.message;
        return;
      }
      // A stale or foreign token: start a new conversation rather than never connecting again.
      if (data?.code === 'FORBIDDEN' && this.token) this.saveToken(null);
      this.connection = 'lost';
      this.later(() => socket.connect(), data?.retryAfterMs ?? 3_000);
    });
  }

  private onWelcome(w: WidgetWelcome): void {
    this.saveToken(w.token);
    this.settings = w.settings;
    this.online = w.online;
    this.away = w.away;
    this.customer = w.customer;
    this.preChatDone = w.preChatDone;
    this.fields = w.fields ?? [];
    this.messages = mergeMessages([], w.messages);
    this.readUpTo = w.readUpTo;
    this.resolvedAt = w.resolvedAt;
    this.readSent = null;
    this.connection = 'online';
    this.refusal = null;
    this.welcomed = true;
    for (const resolve of this.waiters.splice(0)) resolve();
    void this.flush();
  }

  private saveToken(token: string | null) {
    this.token = token;
    writeItem(this.local, this.key(WIDGET_TOKEN_STORAGE_KEY), token);
  }

  private later(fn: () => void, ms: number) {
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      fn();
    }, ms);
  }

  private ready(): Promise<void> {
    this.connect();
    return this.welcomed ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Queues a message; it stays in the outbox (and on screen as "sending…") until the server acks it. */
  send(text: string, attachments: WidgetAttachment[] = []): boolean {
    const max = this.settings?.limits.maxTextLength;
    if (max && text.length > max) {
      this.notice = this.t('composer.tooLong', { max });
      return false;
    }
    this.typing.stop();
    this.csat = this.resolvedAt = null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once as a string, never mutated
    this.outbox.add({ clientId: newClientId(), text, attachments, createdAt: new Date().toISOString() });
    this.pending = this.outbox.list();
    this.connect();
    void this.flush();
    return true;
  }

  /** Sends the outbox oldest first, one at a time, so the conversation keeps the order it was written in. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        this.pending = this.outbox.list();
        const next = this.pending[0];
        const socket = this.socket;
        if (!next || !socket?.connected || !this.welcomed) return;
        const ack = await this.emitSend(socket, next);
        if (ack === null) return this.later(() => void this.flush(), 2_000);
        if (ack.ok) {
          this.outbox.remove(next.clientId);
          this.messages = mergeMessages(this.messages, [ack.data]);
        } else if (ack.error.code === 'RATE_LIMITED') {
          await new Promise((r) => setTimeout(r, ack.error.retryAfterMs ?? 2_000));
        } else if (isFinal(ack.error)) {
          this.outbox.remove(next.clientId);
          this.failed = [...this.failed, { ...next, error: ack.error.message }];
        } else {
          return this.later(() => void this.flush(), 3_000);
        }
      }
    } finally {
      this.flushing = false;
      this.pending = this.outbox.list();
    }
  }

  private emitSend(socket: WidgetSocket, m: PendingMessage): Promise<WidgetAck<WidgetMessage> | null> {
    const payload = {
      clientId: m.clientId,
      text: m.text,
      ...(m.attachments.length ? { attachmentIds: m.attachments.map((a) => a.id) } : {}),
    };
    return acked((cb) => socket.timeout(ACK_TIMEOUT_MS).emit('message.send', payload, cb));
  }

  dismissFailed(clientId: string): void {
    this.failed = this.failed.filter((f) => f.clientId !== clientId);
  }

  /** Checked here first (size, type), then uploaded with the visitor token and sent as a message. */
  async attach(file: File): Promise<void> {
    const limits = this.settings?.limits;
    const refusal = limits && checkAttachment(file, limits);
    if (refusal) {
      this.notice =
        'max' in refusal
          ? this.t('attach.tooLarge', { file: file.name, size: formatBytes(file.size), max: formatBytes(refusal.max) })
          : this.t('attach.badType', { file: file.name, types: refusal.allowed.join(', ') });
      return;
    }
    this.notice = this.t('attach.uploading', { file: file.name });
    try {
      await this.ready();
      const attachment = await uploadAttachment(this.config.origin, this.token!, file);
      this.notice = null;
      this.send('', [attachment]);
    } catch (err) {
      this.notice = this.t('attach.failed', { file: file.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The pre-chat form and the "leave your email" prompt; returns the server's refusal (details name each field), if any. */
  async submitContact(p: WidgetPreChat): Promise<Refusal | null> {
    await this.ready();
    const ack = await acked<WidgetWelcome['customer']>((cb) => this.socket!.timeout(ACK_TIMEOUT_MS).emit('prechat.submit', p, cb));
    if (!ack) return { message: this.t('error.generic') };
    if (!ack.ok) return ack.error;
    this.customer = ack.data;
    this.preChatDone = true;
    this.skipPreChat();
    return null;
  }

  /** The rating and the optional comment go in one csat.submit: the server takes one answer per survey. */
  async rate(rating: number, comment: string): Promise<void> {
    const card = this.csat;
    if (!card) return;
    this.csat = { request: card.request, state: 'sending' };
    const text = comment.trim();
    const payload = { token: card.request.token, rating, ...(text ? { comment: text } : {}) };
    const ack = await acked<WidgetCsatAnswer>((cb) => this.socket!.timeout(ACK_TIMEOUT_MS).emit('csat.submit', payload, cb));
    // A newer survey (or the customer writing on) may have replaced the card meanwhile.
    if (this.csat?.request.token === card.request.token) this.csat = submitted(this.csat, ack, this.t('error.generic'));
  }

  skipPreChat(): void {
    this.preChatSkipped = true;
    writeItem(this.local, this.key('switchboard.widget.prechat'), '1');
  }

  /** Called while the panel is open and visible: tells the agents what the visitor has seen. */
  markRead(): void {
    const upTo = lastAgentMessageId(this.messages);
    if (!upTo || !this.welcomed) return;
    if (upTo !== this.lastReadByMe) {
      this.lastReadByMe = upTo;
      writeItem(this.local, this.key('switchboard.widget.read'), upTo);
    }
    if (upTo === this.readSent) return;
    this.readSent = upTo;
    this.socket?.emit('read', { upTo });
  }
}

/** An emit with a timeout as a promise: its ack, or null when none came in time. */
function acked<T>(emit: (cb: (err: Error | null, ack: WidgetAck<T>) => void) => void): Promise<WidgetAck<T> | null> {
  return new Promise((resolve) => emit((err, ack) => resolve(err ? null : ack)));
}
