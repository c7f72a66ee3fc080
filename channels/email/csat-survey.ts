import { and, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { customerIdentities, customers, messages } from '../../server/db/schema/index.ts';
import { detectLanguage, isLocale, pickLocale, type Locale } from '../../server/locale/index.ts';
import { surveyExpiresAt, surveyTokens } from '../../server/services/csat/survey-token.ts';
import { PermanentDeliveryError, type OutboundMessage, type SurveyTicket } from '../types.ts';
import { queueAutomaticMail } from './automatic-mail.ts';
import { listEmailInboxRows, loadEmailInbox, toEmailInbox } from './inbox.ts';
import { surveyHtml, surveyText } from './csat-survey-text.ts';

/** The customer's language where known: their stored locale, else Chinese when they wrote in Chinese. */
async function surveyLocale(ctx: ServiceContext, t: SurveyTicket): Promise<Locale> {
  const [c] = await ctx.db.select({ locale: customers.locale }).from(customers).where(eq(customers.id, t.customerId));
  if (c?.locale) return pickLocale([c.locale]);
  const written = await ctx.db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.ticketId, t.id), eq(messages.direction, 'in')))
    .orderBy(desc(messages.createdAt))
    .limit(3);
  return detectLanguage(`${t.subject} ${written.map((m) => m.text.slice(0, 500)).join(' ')}`) ?? 'en';
}

async function inboxOf(ctx: ServiceContext, t: SurveyTicket) {
  const own = t.inboxId ? await loadEmailInbox(ctx, t.inboxId) : null;
  if (own) return own;
  const row = (await listEmailInboxRows(ctx)).find((r) => r.enabled);
  return row ? toEmailInbox(ctx, row) : null;
}

/**
 * The survey mail for one resolution of an email ticket: a message on the ticket (so agents see it went out,
 * and a reply to it threads back) and its delivery job, once per resolution. The rating links are added only
 * when the mail is sent (see withSurveyLinks): the copy kept on the ticket has none, so no agent can rate.
 */
export async function queueEmailSurvey(ctx: ServiceContext, t: SurveyTicket, resolvedAt: Date): Promise<void> {
  const inbox = await inboxOf(ctx, t);
  if (!inbox?.settings.csat) return;
  if (!ctx.config.PUBLIC_URL) {
    ctx.log.warn({ ticketId: t.id }, 'CSAT survey mail not sent: PUBLIC_URL is not set, so its rating links would lead nowhere');
    return;
  }
  const [identity] = await ctx.db
    .select({ externalId: customerIdentities.externalId, displayName: customerIdentities.displayName })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, t.customerId), eq(customerIdentities.channel, 'email')))
    .orderBy(desc(customerIdentities.updatedAt))
    .limit(1);
  if (!identity) return;
  const locale = await surveyLocale(ctx, t);
  const text = surveyText({
    locale,
    customerName: identity.displayName,
    subject: t.subject,
    ticketNumber: t.number,
    expiresAt: surveyExpiresAt(resolvedAt),
    links: null,
  });
  await queueAutomaticMail(ctx, inbox.settings, {
    kind: 'csat-survey',
    ticketId: t.id,
    recipient: identity.externalId,
    text,
    trigger: { messageId: `${t.id}:${resolvedAt.toISOString()}`, channelMessageId: null },
    meta: { csatSurvey: { resolvedAt: resolvedAt.toISOString(), locale } },
  });
}

/** A survey mail as it leaves: the kept copy's words, now with the customer's five signed rating links. */
export async function withSurveyLinks(ctx: ServiceContext, m: OutboundMessage): Promise<OutboundMessage> {
  if (!m.automatic) return m;
  const [row] = await ctx.db.select({ meta: messages.meta }).from(messages).where(eq(messages.id, m.messageId));
  const survey = row?.meta.csatSurvey as { resolvedAt?: unknown; locale?: unknown } | undefined;
  if (row?.meta.automaticKind !== 'csat-survey' || typeof survey?.resolvedAt !== 'string') return m;
  if (!ctx.config.PUBLIC_URL) throw new PermanentDeliveryError('PUBLIC_URL is not set: the survey’s rating links would lead nowhere');
  const locale = isLocale(survey.locale) ? survey.locale : 'en';
  const resolvedAt = new Date(survey.resolvedAt);
  const token = surveyTokens(ctx.config).issue(m.ticketId, resolvedAt);
  const page = new URL(`/csat/${token}`, ctx.config.PUBLIC_URL);
  const links = [1, 2, 3, 4, 5].map((n) => {
    const u = new URL(page);
    u.searchParams.set('rating', String(n));
    if (locale !== 'en') u.searchParams.set('lang', locale);
    return u.toString();
  });
  const input = {
    locale,
    customerName: m.recipient.displayName,
    subject: m.subject,
    ticketNumber: m.ticketNumber,
    expiresAt: surveyExpiresAt(resolvedAt),
    links,
  };
  return { ...m, text: surveyText(input), html: surveyHtml(input) };
}
