import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ServiceContext } from '../../context.ts';
import { ServiceError } from '../../errors.ts';
import type { InputIssue } from '../../invalid-input.ts';
import type { Locale } from '../../locale/index.ts';
import { sameOrigin } from '../../realtime/auth.ts';
import { loadCustomerFields, presentCustomerField } from '../../services/custom-fields/customer-visible.ts';
import { formTokens } from '../../services/web-form/form-token.ts';
import { contactMailbox, submitContactForm } from '../../services/web-form/submit-contact-form.ts';
import { clientInfo } from '../client-info.ts';
import type { AppEnv } from '../env.ts';
import { contactFormView, contactMessageView, contactSentView, coreLabel, type ContactForm } from './contact-views.ts';
import { helpLocale } from './locale.ts';
import { translator, type Translate } from './strings.ts';

export type Render = (
  c: Context,
  status: 200 | 400 | 403 | 404 | 413 | 429 | 503,
  title: string,
  body: (t: Translate, locale: Locale) => HtmlEscapedString | Promise<HtmlEscapedString>,
) => Response | Promise<Response>;

export const CONTACT_MAX_BYTES = 64 * 1024;
type Issue = InputIssue & { label?: string };

/** The posted form as the service takes it, and every string value as typed (to fill the form in again). */
function readForm(body: Record<string, unknown>) {
  const values: Record<string, string[]> = {};
  const input: Record<string, unknown> & { ticketFields: Record<string, unknown>; customerFields: Record<string, unknown> } = {
    ticketFields: {},
    customerFields: {},
  };
  for (const [name, raw] of Object.entries(body)) {
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (!list.length) continue;
    values[name] = list;
    const [, group, key] = /^(ticketFields|customerFields)\.(.+)$/.exec(name) ?? [];
    const value = list.length > 1 ? list : list[0];
    if (group && key) (input[group] as Record<string, unknown>)[key] = value;
    else input[name] = list[0];
  }
  return { input, values };
}

/** A refused field in the reader's language: core fields by the kind of problem, custom fields as the service said. */
function fieldProblem(t: Translate, i: Issue): string {
  if (i.path.includes('Fields.')) return i.message;
  if (i.code === 'too_big') return t('contactTooLong', { max: i.path === 'message' ? 10_000 : i.path === 'email' ? 320 : 200 });
  if (i.path === 'email' && i.code === 'invalid_format') return t('contactBadEmail');
  return t('contactRequired');
}

/**
 * GET and POST /help/contact: the help center's contact form (no script). The POST is refused from another site's
 * page (Origin), over 64 KB, without a fresh form token of ours, and past the per-IP budget; a refused field is
 * shown again next to its input, the confirmation names the ticket number.
 */
export function contactRoutes(app: Hono<AppEnv>, ctx: ServiceContext, render: Render) {
  const tokens = formTokens(ctx.config);
  async function form(c: Context, status: 200 | 400, locale: Locale, patch: Partial<ContactForm> = {}) {
    const fields = (await loadCustomerFields(ctx.db)).map((f) => presentCustomerField(f, locale));
    const f: ContactForm = { token: tokens.issue(ctx.now()), fields, values: {}, errors: {}, summary: null, ...patch };
    return render(c, status, '', (t) => contactFormView(t, f));
  }
  const message = (c: Context, status: 403 | 413 | 429 | 503, key: Parameters<Translate>[0], params?: Record<string, number>) =>
    render(c, status, '', (t) => contactMessageView(t, key, params));

  app.get('/contact', async (c) => {
    if (!(await contactMailbox(ctx.db))) return message(c, 503, 'contactUnavailable');
    return form(c, 200, helpLocale(c));
  });

  app.post('/contact', bodyLimit({ maxSize: CONTACT_MAX_BYTES, onError: (c) => message(c, 413, 'contactTooLarge') }), async (c) => {
    const locale = helpLocale(c);
    const origin = c.req.header('origin');
    // As on the survey page: "null" (a no-referrer policy) carries no information either way.
    if (origin && origin !== 'null' && !sameOrigin(c.req.header(), ctx.config)) return message(c, 403, 'contactRefused');
    const body = await c.req.parseBody({ all: true }).catch(() => ({}));
    const { input, values } = readForm(body);
    try {
      const sent = await submitContactForm(ctx, input, { token: values.token?.[0], ip: clientInfo(c, ctx.config).ip, locale });
      return render(c, 200, '', (t) => contactSentView(t, { number: sent.ticketNumber, email: sent.email }));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      if (err.code === 'RATE_LIMITED') {
        c.header('Retry-After', String(Math.ceil((err.retryAfterMs ?? 60_000) / 1000)));
        return message(c, 429, 'contactTooMany', { minutes: Math.ceil((err.retryAfterMs ?? 60_000) / 60_000) });
      }
      if (err.code === 'UNAVAILABLE') return message(c, 503, 'contactUnavailable');
      if (err.code !== 'VALIDATION') throw err;
      const t = translator(locale);
      if ((err.details as { reason?: string } | undefined)?.reason === 'form_token')
        return form(c, 400, locale, { values, summary: t('contactExpired') });
      const issues = (Array.isArray(err.details) ? err.details : []) as Issue[];
      const errors = Object.fromEntries(issues.map((i) => [i.path, fieldProblem(t, i)]));
      const names = issues.map((i) => (coreLabel(i.path) ? t(coreLabel(i.path)!) : (i.label ?? i.path)));
      return form(c, 400, locale, { values, errors, summary: t('contactFix', { fields: [...new Set(names)].join(', ') }) });
    }
  });
}
