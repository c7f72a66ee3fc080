import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.ts';
import { autoMailBlocked, recordAutoSend } from './auto-mail-guard.ts';
import { ownAddresses, type EmailInbox } from './inbox.ts';
import { mailBody } from './signature.ts';
import { ourMessageId, ticketToken } from './threading.ts';

export function createTransport(inbox: EmailInbox): Transporter<SMTPTransport.SentMessageInfo> {
  const { smtp } = inbox.settings;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: inbox.secrets.smtpPassword ?? inbox.secrets.imapPassword } } : {}),
    tls: { rejectUnauthorized: !smtp.allowSelfSigned },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

const emailAddress = z.email();
const stripPrefixes = (s: string) =>
  s
    .replace(/^\s*((re|aw|fw|fwd|sv|antw|回复|答复|轉寄|转发)\s*[:：]\s*)+/i, '')
    .replace(/\s*\[#\d+\]\s*/g, ' ')
    .trim();

/** "Re: <subject> [#1234]": the token threads a reply even when a mail client drops the headers. */
export function replySubject(m: OutboundMessage): string {
  const base = stripPrefixes(m.subject) || `Ticket ${m.ticketNumber}`;
  const isReply = !!m.inReplyTo || m.threadMessageIds.length > 0;
  const prefix = m.forwardTo?.length ? 'Fwd: ' : isReply ? 'Re: ' : '';
  return `${prefix}${base} ${ticketToken(m.ticketNumber)}`;
}

/** Where one mail goes: the customer (or a forward's addresses), and the copies, none of them ours or repeated. */
export function mailRecipients(m: OutboundMessage, own: readonly string[]) {
  const customer = (m.recipient.externalId.includes('@') ? m.recipient.externalId : (m.recipient.email ?? '')).toLowerCase();
  const to = m.forwardTo?.length ? m.forwardTo.map((a) => a.toLowerCase()) : [customer];
  for (const a of to) {
    if (!emailAddress.safeParse(a).success) throw new PermanentDeliveryError(`the customer has no valid email address (${a || 'none'})`);
    if (own.includes(a)) throw new PermanentDeliveryError(`the recipient ${a} is one of our own addresses`);
  }
  const seen = new Set([...to, ...own]);
  const copies = (list: string[] | undefined) =>
    (list ?? []).map((a) => a.trim().toLowerCase()).filter((a) => emailAddress.safeParse(a).success && !seen.has(a) && seen.add(a));
  const cc = copies(m.cc);
  return { to, cc, bcc: copies(m.bcc) };
}

/**
 * Sends one stored message over the inbox's SMTP server. SMTP 5xx answers are permanent (the outbox gives
 * up and the console shows the server's words); everything else is retried by the outbox.
 */
export async function sendEmail(ctx: ServiceContext, inbox: EmailInbox, transport: Transporter, m: OutboundMessage): Promise<SendResult> {
  const { to: toList, cc, bcc } = mailRecipients(m, ownAddresses(inbox.settings));
  const to = toList[0]!;
  const forward = !!m.forwardTo?.length;
  if (m.automatic) {
    const blocked = await autoMailBlocked(ctx, ctx.db, inbox.settings, to, m.ticketId);
    if (blocked) throw new PermanentDeliveryError(blocked);
  }
  const messageId = ourMessageId(m.messageId, inbox.settings.address);
  // A forward starts its own thread with its recipients: the customer's Message-IDs stay out of it.
  const references = forward ? [] : [...new Set([...m.threadMessageIds, ...(m.inReplyTo ? [m.inReplyTo] : [])])];
  const body = mailBody(m, inbox.settings.signature);
  const fromName = m.author?.name
    ? inbox.settings.displayName
      ? `${m.author.name} (${inbox.settings.displayName})`
      : m.author.name
    : (inbox.settings.displayName ?? inbox.name);
  try {
    await transport.sendMail({
      from: { name: fromName, address: inbox.settings.address },
      to: forward ? toList : m.recipient.displayName ? { name: m.recipient.displayName, address: to } : to,
      ...(cc.length ? { cc } : {}),
      ...(bcc.length ? { bcc } : {}),
      subject: replySubject(m),
      messageId,
      ...(m.inReplyTo && !forward ? { inReplyTo: m.inReplyTo } : {}),
      // The root and the most recent ids: enough for every client to thread, short enough for every server.
      ...(references.length ? { references: references.length > 20 ? [references[0]!, ...references.slice(-19)] : references } : {}),
      text: body.text,
      html: body.html,
      attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, path: a.path })),
      headers: {
        'X-Switchboard-Ticket': String(m.ticketNumber),
        ...(m.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' } : {}),
      },
    });
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    if (code && code >= 500 && code < 600) throw new PermanentDeliveryError(`SMTP server refused the mail: ${(err as Error).message}`);
    throw err;
  }
  // After the 250, nothing may fail before the send is recorded: the ledger is written once it is.
  return { channelMessageId: messageId, ...(m.automatic ? { afterRecorded: () => recordAutoSend(ctx, to, m.ticketId, m.messageId) } : {}) };
}
