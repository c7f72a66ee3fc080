import { eq } from 'drizzle-orm';
import { GrammyError } from 'grammy';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes, tickets } from '../../server/db/schema/index.ts';
import { PermanentDeliveryError, type ChannelAdapter, type OutboundMessage, type SendResult, type SurveyTicket } from '../types.ts';
import { sendSurvey, surveyKeyboard } from './csat-keyboard.ts';
import { queueTelegramSurvey } from './csat-survey.ts';
import { parseThreadKey } from './ids.ts';
import { listTelegramInboxRows, toTelegramInbox } from './inbox.ts';
import { launchBot, type LaunchOptions, type RunningBot } from './running-bot.ts';
import { sendReply, type SendProgress } from './send.ts';
import { writeBotStatus } from './status.ts';

export interface TelegramChannelOptions extends LaunchOptions {
  /** How often inbox rows are re-read, so console edits (token, mode, enabled) take effect. */
  syncIntervalMs?: number;
}

const TYPING_EVERY_MS = 4_000;

/** The Telegram adapter: one running bot per enabled Telegram inbox, replies and CSAT surveys out, typing. */
export class TelegramChannel implements ChannelAdapter {
  readonly channel = 'telegram' as const;
  private readonly running = new Map<string, RunningBot>();
  private readonly progress = new Map<string, SendProgress>();
  private readonly typingAt = new Map<string, number>();
  private readonly unsubscribe: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: TelegramChannelOptions,
  ) {}

  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.opts.syncIntervalMs ?? 5_000);
    this.timer.unref();
    this.unsubscribe.push(
      this.ctx.events.on('typing', (e) => {
        if (e.who.type === 'agent' && e.state === 'start') void this.typing(e.ticketId).catch(() => {});
      }),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe.splice(0).forEach((off) => off());
    await this.syncing;
    await Promise.all([...this.running.values()].map((r) => r.stop()));
    this.running.clear();
  }

  /** Brings running bots in line with the inbox rows: starts new or edited ones, stops removed or disabled ones. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.reconcile()).catch((err) => this.ctx.log.error({ err }, 'telegram inbox sync failed'));
    return this.syncing;
  }

  webhookHandler(inboxId: string): RunningBot['webhook'] {
    return this.running.get(inboxId)?.webhook;
  }

  async send(msg: OutboundMessage): Promise<SendResult> {
    const running = await this.botFor(msg.inboxId, msg.threadKey);
    const survey = await surveyKeyboard(this.ctx, msg);
    if (survey) return sendSurvey(running.bot.api, running.inbox.botId, msg, survey);
    const progress = this.progress.get(msg.messageId) ?? { sent: 0 };
    this.progress.set(msg.messageId, progress);
    try {
      const result = await sendReply(running.bot.api, running.inbox.botId, msg, progress);
      this.progress.delete(msg.messageId);
      return result;
    } catch (err) {
      if (err instanceof PermanentDeliveryError) this.progress.delete(msg.messageId);
      throw err;
    }
  }

  /** The rating prompt with its buttons, when the ticket's inbox asks for ratings. */
  requestRating(ticket: SurveyTicket, resolvedAt: Date): Promise<void> {
    return queueTelegramSurvey(this.ctx, ticket, resolvedAt);
  }

  /** Shows "typing..." in the customer's chat while an agent types; Telegram shows it ~5 s, so repeat at most every 4 s. */
  async typing(ticketId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.typingAt.get(ticketId) ?? 0) < TYPING_EVERY_MS) return;
    this.typingAt.set(ticketId, now);
    const [t] = await this.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
    const target = t?.channel === 'telegram' ? parseThreadKey(t.threadKey) : null;
    const running = t && target ? this.find(t.inboxId, target.botId) : undefined;
    if (!running || !target) return;
    await running.bot.api
      .sendChatAction(target.chatId, 'typing')
      .catch((err) => this.ctx.log.debug({ err }, 'telegram typing action failed'));
  }

  private find(inboxId: string | null, botId: string): RunningBot | undefined {
    const byInbox = inboxId ? this.running.get(inboxId) : undefined;
    return byInbox?.inbox.botId === botId ? byInbox : [...this.running.values()].find((r) => r.inbox.botId === botId);
  }

  private async botFor(inboxId: string | null, threadKey: string): Promise<RunningBot> {
    const target = parseThreadKey(threadKey);
    if (!target) throw new PermanentDeliveryError(`"${threadKey}" is not a Telegram conversation`);
    const running = this.find(inboxId, target.botId);
    if (running) return running;
    const rows = inboxId ? await this.ctx.db.select().from(inboxes).where(eq(inboxes.id, inboxId)) : [];
    if (!rows[0]?.enabled) throw new PermanentDeliveryError('the Telegram inbox of this conversation is disabled or was removed');
    throw new Error('the Telegram bot of this inbox is not running yet (its token could not be checked); will retry');
  }

  private async reconcile(): Promise<void> {
    const rows = await listTelegramInboxRows(this.ctx);
    const wanted = new Map(rows.filter((r) => r.enabled && r.secrets).map((r) => [r.id, r]));
    for (const [id, running] of this.running) {
      const row = wanted.get(id);
      if (row?.updatedAt.toISOString() === running.inbox.version) continue;
      await running.stop();
      this.running.delete(id);
      if (!row) await writeBotStatus(this.ctx, id, { state: 'stopped', error: null });
    }
    for (const [id, row] of wanted) {
      if (this.running.has(id)) continue;
      try {
        this.running.set(id, await launchBot(this.ctx, toTelegramInbox(this.ctx, row), this.opts));
      } catch (err) {
        this.ctx.log.error({ err, inboxId: id }, 'telegram bot could not start; retrying at the next sync');
        await writeBotStatus(this.ctx, id, { state: 'error', error: startError(err) }).catch(() => {});
      }
    }
  }
}

function startError(err: unknown): string {
  if (err instanceof GrammyError && err.error_code === 401) return 'Telegram rejected the bot token (revoked or wrong)';
  return `The bot could not start: ${err instanceof Error ? err.message : String(err)}`;
}
