import { afterAll, beforeAll } from 'vitest';
import { createEmailChannel, type EmailChannel } from '../../channels/email/channel.ts';
import type { ChannelRegistry } from '../../channels/types.ts';
import type { ServiceContext } from '../../server/context.ts';
import { outboxHandlers } from '../../server/workers/outbox-handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../../server/workers/outbox-worker.ts';
import type { Dovecot } from './dovecot.ts';
import { buildEmailInbox } from './email.ts';
import type { SmtpSink } from './smtp-sink.ts';

// Outbound only: account mails leave through the first mailbox's SMTP server (the sink).
export const noImap = { host: '127.0.0.1', port: 9, user: 'support', password: 'unused' } as Dovecot;

/** The link (reset or invitation) in the last mail the sink received for `to`. */
export function linkInMail(sink: SmtpSink, to: string, kind: 'reset' | 'invite'): string {
  const mail = sink.received.filter((m) => m.to.includes(to)).at(-1);
  const link = mail?.parsed.text?.match(new RegExp(`https?://\\S+/${kind}/\\S+`))?.[0];
  if (!link) throw new Error(`no ${kind} link mailed to ${to} (mails: ${sink.received.map((m) => m.to.join(',')).join('; ')})`);
  return link;
}

/** The outbox worker for account mail, through a real email channel to the sink; `send()` drains it once. */
export function accountMailWorld(ctx: () => ServiceContext, sink: SmtpSink) {
  let channel: EmailChannel;
  let worker: OutboxWorker;
  beforeAll(() => {
    channel = createEmailChannel(ctx(), { inbound: false });
    const registry: ChannelRegistry = { email: channel.adapter, widget: null, telegram: null, api: null };
    worker = createOutboxWorker(ctx(), {
      handlers: outboxHandlers(ctx(), { channels: registry, alertMailer: channel.alertMailer }),
      topics: ['account.email'],
    });
  });
  afterAll(() => channel?.stop());
  return {
    /** A mailbox to send from (each test's database starts empty). */
    mailbox: () => buildEmailInbox(ctx(), noImap, { smtpPort: sink.port }),
    send: () => worker.drainOnce(),
  };
}
