import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { inboxes } from '../../db/schema/index.ts';
import { invalid, ServiceError } from '../../errors.ts';
import { issuesOf, type InputIssue } from '../../invalid-input.ts';
import type { Locale } from '../../locale/index.ts';
import { systemActor } from '../actor.ts';
import { enforceRateLimit, hitRateLimits } from '../auth/rate-limit.ts';
import { checkCustomerValues, loadCustomerFields } from '../custom-fields/customer-visible.ts';
import { ingestWithFields } from '../custom-fields/ingest-fields.ts';
import { formTokens } from './form-token.ts';

/** Sends per IP per window (every attempt counts, refused ones too). Tests lower them. */
export const contactFormRates = { perIp: 10, windowMs: 10 * 60_000 };

export const contactFormInput = z.object({
  name: z.string().trim().min(1, 'required').max(200),
  email: z
    .email('a valid email address')
    .max(320)
    .transform((s) => s.toLowerCase()),
  subject: z.string().trim().min(1, 'required').max(200),
  message: z.string().trim().min(1, 'required').max(10_000),
});

const webForm = systemActor('web form');

/** The mailbox that answers web-form requests: the first enabled email inbox, as for widget visitors who left. */
export async function contactMailbox(db: DbOrTx): Promise<{ id: string; address: string } | null> {
  const [row] = await db
    .select({ id: inboxes.id, settings: inboxes.settings })
    .from(inboxes)
    .where(and(eq(inboxes.channel, 'email'), eq(inboxes.enabled, true)))
    .orderBy(asc(inboxes.createdAt))
    .limit(1);
  return row ? { id: row.id, address: String((row.settings as { address?: unknown }).address ?? '') } : null;
}

export interface ContactMeta {
  /** The hidden token of the served form (see form-token.ts). */
  token: unknown;
  ip: string | null;
  locale: Locale;
}

/**
 * The help center's contact form: a request taken in through ingest as an email from the customer's address to the
 * first enabled mailbox, so agents answer it like any mail and the reply reaches the customer by email. The form's
 * token must be ours and fresh (its nonce makes a resend the same message); each IP has a budget; name, email,
 * subject and message are checked with the customer-visible fields (the API's conversion), every bad one listed in
 * `details` by its path (`email`, `ticketFields.<key>`). Returns the ticket's number.
 */
export async function submitContactForm(ctx: ServiceContext, raw: unknown, meta: ContactMeta) {
  const now = ctx.now();
  if (meta.ip) {
    const hits = await hitRateLimits(ctx.db, [`web-form:ip:${meta.ip}`], contactFormRates.windowMs, now);
    enforceRateLimit(hits, contactFormRates.perIp, now, 'contact requests from this address');
  }
  const token = formTokens(ctx.config).check(meta.token, now);
  if (!token.ok) throw new ServiceError('VALIDATION', `token: the form is ${token.reason}; load it again`, { reason: 'form_token' });
  const mailbox = await contactMailbox(ctx.db);
  if (!mailbox) throw new ServiceError('UNAVAILABLE', 'The contact form needs an enabled email inbox to answer from');

  const parsed = contactFormInput.safeParse(raw);
  const issues: InputIssue[] = parsed.success ? [] : issuesOf(parsed.error);
  let fields = { ticketFields: {} as Record<string, unknown>, customerFields: {} as Record<string, unknown> };
  try {
    const given = (raw ?? {}) as { ticketFields?: Record<string, unknown>; customerFields?: Record<string, unknown> };
    fields = checkCustomerValues(await loadCustomerFields(ctx.db), given, meta.locale);
  } catch (err) {
    if (!(err instanceof ServiceError && Array.isArray(err.details))) throw err;
    issues.push(...(err.details as InputIssue[]));
  }
  if (!parsed.success || issues.length)
    throw invalid(`Invalid contact form: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

  const input = parsed.data;
  const domain = mailbox.address.split('@')[1] || 'switchboard.invalid';
  const messageId = `<web-form.${token.nonce}@${domain}>`;
  const result = await ingestWithFields(
    ctx,
    webForm,
    {
      channel: 'email',
      inboxId: mailbox.id,
      threadKey: messageId,
      externalMessageId: messageId,
      sender: { externalId: input.email, displayName: input.name, email: input.email, locale: meta.locale },
      subject: input.subject,
      text: input.message,
      // The address was typed into a form, not proven by a mail server: agents see where it came from.
      meta: { source: 'web_form', ...(meta.ip ? { ip: meta.ip } : {}) },
    },
    {
      ...(Object.keys(fields.ticketFields).length ? { ticketFields: fields.ticketFields } : {}),
      ...(Object.keys(fields.customerFields).length ? { customerFields: fields.customerFields } : {}),
    },
  );
  return { ticketId: result.ticketId, ticketNumber: result.ticketNumber, duplicate: result.duplicate, email: input.email };
}
