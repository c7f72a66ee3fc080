import { ImapFlow } from 'imapflow';
import type { ServiceContext } from '../../server/context.ts';
import type { EmailInbox } from './inbox.ts';
import { syncMailbox } from './mailbox-sync.ts';
import { writeInboxStatus } from './status.ts';

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Reads one mailbox: IDLE where the server has it (plus a poll as a safety net), everything above the
 * committed cursor in UID order, the cursor advanced after each message commits. A new ImapFlow per
 * connection (one cannot reconnect), with backoff while the server is away.
 */
export class ImapPoller {
  private stopped = false;
  private wakePending = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    readonly inbox: EmailInbox,
    /** False once this node's lease on the mailbox may lapse: no further message is started. */
    private readonly mayRun: () => boolean = () => true,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the message in hand, then disconnects; what is committed stays committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
  }

  poke(): void {
    this.wakePending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { settings } = this.inbox;
    let backoff = 1000;
    while (!this.stopped) {
      const client = new ImapFlow({
        host: settings.imap.host,
        port: settings.imap.port,
        secure: settings.imap.secure,
        auth: { user: settings.imap.user, pass: this.inbox.secrets.imapPassword },
        tls: { rejectUnauthorized: !settings.imap.allowSelfSigned },
        logger: false,
        autoIdleDelay: 1000,
        connectionTimeout: 30_000,
      });
      client.on('error', (err: Error) => this.ctx.log.warn({ err, inboxId: this.inbox.id }, 'imap connection error'));
      client.on('exists', () => this.poke());
      client.on('close', () => this.poke());
      try {
        await client.connect();
        if (settings.afterIngest === 'move' && settings.moveTo) await client.mailboxCreate(settings.moveTo).catch(() => undefined);
        let connected = false;
        while (!this.stopped && client.usable) {
          this.wakePending = false;
          // Locked only while syncing: imapflow starts IDLE (and so hears new mail) only without a held lock.
          const lock = await client.getMailboxLock(settings.mailbox);
          try {
            if (!connected) await writeInboxStatus(this.ctx, this.inbox.id, { state: 'connected', error: null });
            connected = true;
            backoff = 1000;
            await syncMailbox(this.ctx, this.inbox, client, () => this.stopped || !this.mayRun());
          } finally {
            lock.release();
          }
          await this.sleep(settings.pollSeconds * 1000);
        }
      } catch (err) {
        if (this.stopped) break;
        const message = (err as Error).message || String(err);
        this.ctx.log.warn({ err, inboxId: this.inbox.id, retryInMs: backoff }, 'imap sync failed; retrying');
        await writeInboxStatus(this.ctx, this.inbox.id, { state: 'error', error: message }).catch(() => undefined);
        await this.sleep(backoff, true);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } finally {
        await client.logout().catch(() => client.close());
      }
    }
  }

  /** Resolves after `ms`, on a poke (new mail, closed connection) unless `onlyStop`, or on stop. */
  private sleep(ms: number, onlyStop = false): Promise<void> {
    if (this.stopped || (!onlyStop && this.wakePending)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (this.stopped || !onlyStop) done();
      };
    });
  }
}
