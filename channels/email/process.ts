import { and, asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { messages } from '../../server/db/schema/index.ts';
import { ServiceError } from '../../server/errors.ts';
import { ingest, type IngestResult } from '../../server/services/tickets/ingest.ts';
import type { InboundMessage } from '../types.ts';
import { acknowledgementText, queueAutomaticMail, tooLargeText } from './automatic-mail.ts';
import { recordBounce } from './record-bounce.ts';
import { recordFailedMail, type MailSource } from './failed-mail.ts';
import { ownAddresses, type EmailInbox } from './inbox.ts';
import { mb, parseEmail, UnparseableEmailError, type ParsedEmail } from './parse.ts';
import { resolveThread } from './threading.ts';

export type ProcessOutcome =
  | { status: 'ingested'; ticketId: string; messageId: string; duplicate: boolean }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; failedMailId: string };

/**
 * One raw mail -> one ticket message, or a kept failure. Returns once everything it wrote is committed, so
 * the caller may then advance the mailbox cursor. Errors it throws are transient (database down): the
 * cursor stays and the mail is tried again.
 */
export async function processRawEmail(ctx: ServiceContext, inbox: EmailInbox, raw: Buffer, source: MailSource): Promise<ProcessOutcome> {
  let email: ParsedEmail;
  try {
    email = await parseEmail(raw, inbox.settings);
  } catch (err) {
    if (!(err instanceof UnparseableEmailError)) throw err;
    return failed(await recordFailedMail(ctx, source, raw, err.message));
  }
  const hints = { messageId: email.messageId, from: email.from?.address, subject: email.subject };
  if (!email.from) return failed(await recordFailedMail(ctx, source, raw, 'The mail has no valid sender address (From header)', hints));
  if (ownAddresses(inbox.settings).includes(email.from.address)) {
    ctx.log.info({ inboxId: inbox.id, messageId: email.messageId }, 'email from our own address not ingested');
    return { status: 'skipped', reason: 'from our own address' };
  }
  const result = await ingestEmail(ctx, inbox, email, source, {});
  if ('failure' in result) return failed(await recordFailedMail(ctx, source, raw, result.failure, hints));
  await afterIngest(ctx, inbox, email, result);
  return { status: 'ingested', ticketId: result.ticketId, messageId: result.messageId, duplicate: result.duplicate };
}

/** Over the size limit: only the headers were fetched. A stub ticket says so, and the sender gets a polite note. */
export async function processTooLarge(
  ctx: ServiceContext,
  inbox: EmailInbox,
  headers: Buffer,
  size: number,
  source: MailSource,
): Promise<ProcessOutcome> {
  const email = await parseEmail(headers, inbox.settings).catch(() => null);
  if (!email?.from)
    return failed(await recordFailedMail(ctx, source, headers, `Over the size limit (${mb(size)}) and without a valid sender address`));
  if (ownAddresses(inbox.settings).includes(email.from.address)) return { status: 'skipped', reason: 'from our own address' };
  const limit = mb(inbox.settings.maxMessageBytes);
  const text = `[This email was ${mb(size)}, over the ${limit} limit, and was not downloaded. It is still in the mailbox "${source.mailbox}"${source.uid ? ` (UID ${source.uid})` : ''}.]`;
  const result = await ingestEmail(ctx, inbox, { ...email, text, attachments: [], html: undefined }, source, {
    tooLarge: { size, limit: inbox.settings.maxMessageBytes },
  });
  if ('failure' in result) return failed(await recordFailedMail(ctx, source, headers, result.failure));
  if (!email.noise && !result.spam) {
    await queueAutomaticMail(ctx, inbox.settings, {
      kind: 'too-large',
      ticketId: result.ticketId,
      recipient: email.from.address,
      text: tooLargeText(mb(size), limit, result.ticketNumber),
      trigger: { messageId: result.messageId, channelMessageId: email.messageId },
    });
  }
  return { status: 'ingested', ticketId: result.ticketId, messageId: result.messageId, duplicate: result.duplicate };
}

async function ingestEmail(ctx: ServiceContext, inbox: EmailInbox, email: ParsedEmail, source: MailSource, extra: Record<string, unknown>) {
  const thread = await resolveThread(ctx, email);
  const from = email.from!;
  const inbound: InboundMessage = {
    channel: 'email',
    inboxId: inbox.id,
    threadKey: thread.threadKey,
    externalMessageId: email.messageId,
    sender: { externalId: from.address, email: from.address, ...(from.name ? { displayName: from.name } : {}) },
    ...(email.subject ? { subject: email.subject } : {}),
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    attachments: email.attachments,
    ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
    references: email.references,
    ...(email.noise ? { automated: true } : {}),
    meta: {
      email: {
        to: email.to,
        cc: email.cc,
        date: email.date?.toISOString() ?? null,
        threadedBy: thread.via,
        noise: email.noise,
        fold: email.fold,
        dropped: email.dropped,
        truncated: email.truncated,
        mailbox: source.mailbox,
        uid: source.uid ?? null,
        ...extra,
      },
    },
  };
  try {
    return await ingest(ctx, inbound);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'VALIDATION')
      return { failure: `Not accepted: ${err.message} ${JSON.stringify(err.details ?? '').slice(0, 500)}` };
    throw err;
  }
}

async function afterIngest(ctx: ServiceContext, inbox: EmailInbox, email: ParsedEmail, result: IngestResult) {
  if (email.bounce) await recordBounce(ctx, inbox, email.bounce);
  // A blocked sender is answered by nothing automatic either.
  if (!inbox.settings.autoAcknowledge || email.noise || result.spam) return;
  // Also on a replay (duplicate), so a crash between ingest and this step still acknowledges exactly once.
  const [first] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.ticketId, result.ticketId), eq(messages.direction, 'in')))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  if (first?.id !== result.messageId) return;
  await queueAutomaticMail(ctx, inbox.settings, {
    kind: 'acknowledgement',
    ticketId: result.ticketId,
    recipient: email.from!.address,
    text: acknowledgementText(inbox.settings, result.ticketNumber),
    trigger: { messageId: result.messageId, channelMessageId: email.messageId },
  });
}

const failed = (row: { id: string; reason: string }): ProcessOutcome => ({ status: 'failed', reason: row.reason, failedMailId: row.id });
