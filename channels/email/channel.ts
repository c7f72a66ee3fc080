import type { Transporter } from 'nodemailer';
import type { ServiceContext } from '../../server/context.ts';
import type { AlertMailer } from '../../server/services/sla/alert-email.ts';
import { PermanentDeliveryError, type ChannelAdapter, type OutboundMessage } from '../types.ts';
import { queueEmailSurvey, withSurveyLinks } from './csat-survey.ts';
import { runLeased, type LeasedRun } from '../../server/workers/leased.ts';
import { ImapPoller } from './imap-poller.ts';
import { listEmailInboxRows, loadEmailInbox, toEmailInbox, type EmailInbox } from './inbox.ts';
import { createTransport, sendEmail } from './send.ts';
import { writeInboxStatus } from './status.ts';

export interface EmailChannelOptions {
  /** Read mailboxes (false: send only, e.g. a node that should not poll). */
  inbound?: boolean;
  /** How often inbox rows are re-read, so an admin's change reaches every node. */
  reconcileMs?: number;
}

export interface EmailChannel {
  adapter: ChannelAdapter;
  /** Staff notifications (SLA alerts) through the first enabled inbox's SMTP server. */
  alertMailer: AlertMailer;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Starts, restarts or stops pollers to match the inbox rows now. */
  reconcile(): Promise<void>;
}

/** One poller per enabled email inbox, one SMTP transport per inbox version, and the registry's adapter. */
export function createEmailChannel(ctx: ServiceContext, opts: EmailChannelOptions = {}): EmailChannel {
  // Every node reconciles; only the holder of `email:<inboxId>` polls that mailbox.
  const pollers = new Map<string, { inbox: EmailInbox; run: LeasedRun }>();
  const transports = new Map<string, { version: string; transport: Transporter }>();
  let timer: NodeJS.Timeout | null = null;
  let reconciling: Promise<void> = Promise.resolve();

  const transportFor = (inbox: EmailInbox) => {
    const cached = transports.get(inbox.id);
    if (cached?.version === inbox.version) return cached.transport;
    cached?.transport.close();
    const transport = createTransport(inbox);
    transports.set(inbox.id, { version: inbox.version, transport });
    return transport;
  };

  const inboxFor = async (m: { inboxId: string | null }) => {
    if (m.inboxId) {
      const inbox = await loadEmailInbox(ctx, m.inboxId);
      if (inbox) return inbox;
    }
    // A ticket opened elsewhere (API, import) answers from the first enabled mailbox.
    const row = (await listEmailInboxRows(ctx)).find((r) => r.enabled);
    if (!row) throw new PermanentDeliveryError('no email inbox is configured to send from');
    return toEmailInbox(ctx, row);
  };

  async function reconcileNow() {
    if (opts.inbound === false) return;
    const rows = await listEmailInboxRows(ctx);
    const wanted = new Map(rows.filter((r) => r.enabled).map((r) => [r.id, r]));
    for (const [id, poller] of pollers) {
      const row = wanted.get(id);
      if (!row || row.updatedAt.toISOString() !== poller.inbox.version) {
        pollers.delete(id);
        await poller.run.stop();
        if (!row) await writeInboxStatus(ctx, id, { state: 'stopped', error: null }).catch(() => undefined);
      }
    }
    for (const [id, row] of wanted) {
      if (pollers.has(id)) continue;
      let inbox: EmailInbox;
      try {
        inbox = toEmailInbox(ctx, row);
      } catch (err) {
        await writeInboxStatus(ctx, id, { state: 'error', error: `Settings cannot be used: ${(err as Error).message}` });
        continue;
      }
      const run = runLeased(ctx, `email:${id}`, (held) => {
        const poller = new ImapPoller(ctx, inbox, held);
        poller.start();
        return poller;
      });
      pollers.set(id, { inbox, run });
    }
  }

  const channel: EmailChannel = {
    adapter: {
      channel: 'email',
      async send(m: OutboundMessage) {
        const inbox = await inboxFor(m);
        return sendEmail(ctx, inbox, transportFor(inbox), await withSurveyLinks(ctx, m));
      },
      requestRating: (ticket, resolvedAt) => queueEmailSurvey(ctx, ticket, resolvedAt),
      start: () => channel.start(),
      stop: () => channel.stop(),
    },
    async alertMailer(mail) {
      const inbox = await inboxFor({ inboxId: null });
      await transportFor(inbox).sendMail({
        from: { name: inbox.settings.displayName ?? inbox.name, address: inbox.settings.address },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    reconcile() {
      reconciling = reconciling.then(reconcileNow, reconcileNow);
      return reconciling;
    },
    async start() {
      await channel.reconcile();
      timer = setInterval(
        () => void channel.reconcile().catch((err) => ctx.log.error({ err }, 'email reconcile failed')),
        opts.reconcileMs ?? 5_000,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await reconciling.catch(() => undefined);
      await Promise.all([...pollers.values()].map((p) => p.run.stop()));
      pollers.clear();
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
  return channel;
}
