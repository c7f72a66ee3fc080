import type { Dovecot } from './dovecot.ts';
import { customerMail } from './email.ts';
import type { TelegramApi } from './telegram-api.ts';
import { loadUpdate } from './telegram.ts';

/**
 * Steady customer traffic that does not depend on the app node being up: mails appended to the Maildir (subjects
 * `Mail #n`, each from its own customer) and Telegram text updates queued at the Bot API stand-in (`Telegram #n`,
 * spread over three chats), up to a cap each.
 */
export class ChannelLoad {
  readonly mailed: string[] = [];
  readonly updates: string[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private appending = false;

  constructor(
    private readonly sources: { dovecot?: Dovecot; telegram?: { api: TelegramApi; token: string } },
    private caps: { mails: number; updates: number },
  ) {}

  /** More of each, from the running load (e.g. traffic that must arrive after a recovery). */
  raise(more: { mails: number; updates: number }): void {
    this.caps = { mails: this.caps.mails + more.mails, updates: this.caps.updates + more.updates };
  }

  start(everyMs: { mail: number; update: number } = { mail: 300, update: 200 }): void {
    const { dovecot, telegram } = this.sources;
    if (dovecot) this.timers.push(setInterval(() => void this.appendMail(dovecot), everyMs.mail));
    if (telegram) this.timers.push(setInterval(() => this.pushUpdate(telegram.api, telegram.token), everyMs.update));
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  get done(): boolean {
    return (
      (!this.sources.dovecot || this.mailed.length >= this.caps.mails) &&
      (!this.sources.telegram || this.updates.length >= this.caps.updates)
    );
  }

  private async appendMail(dovecot: Dovecot) {
    if (this.appending || this.mailed.length >= this.caps.mails) return;
    this.appending = true;
    const subject = `Mail #${this.mailed.length + 1}`;
    try {
      await dovecot.append(customerMail(100 + this.mailed.length, { subject }));
      this.mailed.push(subject);
    } catch {
      // The next tick appends it again (Dovecot is not the system under test).
    } finally {
      this.appending = false;
    }
  }

  private pushUpdate(api: TelegramApi, token: string) {
    if (this.updates.length >= this.caps.updates) return;
    const n = this.updates.length + 1;
    const chat = 555000100 + (n % 3);
    const text = `Telegram #${n}`;
    const person = { id: chat, first_name: `Chat ${chat}` };
    api.pushUpdates(
      token,
      loadUpdate('text', {
        update_id: 900000 + n,
        message: { message_id: n, text, from: { ...person, is_bot: false }, chat: { ...person, type: 'private' } },
      }),
    );
    this.updates.push(text);
  }
}
