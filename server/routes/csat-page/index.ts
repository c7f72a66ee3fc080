import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ServiceContext } from '../../context.ts';
import { sameOrigin } from '../../realtime/auth.ts';
import { ServiceError } from '../../errors.ts';
import { isLocale, locales, parseAcceptLanguage, pickLocale, type Locale } from '../../locale/index.ts';
import { systemActor } from '../../services/actor.ts';
import { answerCsatSurvey, inspectSurvey } from '../../services/csat/answer-survey.ts';
import type { AppEnv } from '../env.ts';
import { translator, type Translate } from './strings.ts';
import { formView, messageView, page } from './views.ts';

type Status = 200 | 400 | 403 | 409 | 410;
const channel = systemActor('csat-page');
const reasonOf = (err: ServiceError) => (err.details as { reason?: string } | undefined)?.reason;

/**
 * The rating page an email survey links to: /csat/<signed token>?rating=N. Opening it records nothing (mail
 * scanners open links); the customer confirms with a POST from the page. No sign-in and no script; the page
 * speaks the survey mail's language (?lang=) or the browser's.
 */
export function csatPageRoutes(ctx: ServiceContext) {
  const app = new Hono<AppEnv>();

  function render(
    c: Context,
    status: Status,
    locale: Locale,
    title: (t: Translate) => string,
    body: (t: Translate) => HtmlEscapedString | Promise<HtmlEscapedString>,
    withSwitch = false,
  ) {
    const t = translator(locale);
    const url = new URL(c.req.url);
    const switchTo = Object.fromEntries(
      locales.map((l) => {
        const q = new URLSearchParams(url.search);
        q.set('lang', l);
        return [l, `${url.pathname}?${q}`];
      }),
    ) as Record<Locale, string>;
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    return c.html(page({ t, locale, title: title(t), ...(withSwitch ? { switchTo } : {}), body: body(t) }), status);
  }

  /** The page for a link that cannot be answered: altered (400), already answered (409), expired or reopened (410). */
  function refusal(c: Context, locale: Locale, err: unknown) {
    if (!(err instanceof ServiceError)) throw err;
    const reason = reasonOf(err);
    if (err.code === 'VALIDATION' && (reason === 'forged' || reason === 'malformed')) {
      return render(
        c,
        400,
        locale,
        (t) => t('invalidTitle'),
        (t) => messageView(t('invalidTitle'), t('invalidText'), 'csat-invalid'),
      );
    }
    if (err.code === 'GONE') {
      const [title, text] =
        reason === 'expired'
          ? (['expiredTitle', 'expiredText'] as const)
          : reason === 'reopened'
            ? (['reopenedTitle', 'reopenedText'] as const)
            : (['reopenedTitle', 'goneText'] as const);
      return render(
        c,
        410,
        locale,
        (t) => t(title),
        (t) => messageView(t(title), t(text), `csat-${reason ?? 'gone'}`),
      );
    }
    throw err;
  }

  const localeOf = (c: Context, asked: unknown): Locale =>
    isLocale(asked) ? asked : pickLocale(parseAcceptLanguage(c.req.header('accept-language')));

  app.get('/:token', async (c) => {
    const locale = localeOf(c, c.req.query('lang'));
    const token = c.req.param('token');
    let survey;
    try {
      survey = await inspectSurvey(ctx, token);
    } catch (err) {
      return refusal(c, locale, err);
    }
    const { ticket, answer } = survey;
    if (answer) {
      return render(
        c,
        200,
        locale,
        (t) => t('answeredTitle'),
        (t) => messageView(t('answeredTitle'), t('answeredText', { rating: answer.rating }), 'csat-answered'),
        true,
      );
    }
    const asked = Number(c.req.query('rating'));
    const selected = Number.isInteger(asked) && asked >= 1 && asked <= 5 ? asked : null;
    const form = {
      action: `/csat/${encodeURIComponent(token)}`,
      number: ticket.number,
      subject: ticket.subject,
      selected,
      comment: '',
      error: null,
    };
    return render(
      c,
      200,
      locale,
      (t) => t('title'),
      (t) => formView(t, locale, form),
      true,
    );
  });

  app.post('/:token', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Too large', 413) }), async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const locale = localeOf(c, form.lang);
    // The token in the path is what authorises; a cross-site form post is refused as well ("null" is what
    // browsers send under a no-referrer policy, so it carries no information either way).
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && !sameOrigin(c.req.header(), ctx.config)) {
      return render(
        c,
        403,
        locale,
        (t) => t('refusedTitle'),
        (t) => messageView(t('refusedTitle'), t('refusedText'), 'csat-refused'),
      );
    }
    const token = c.req.param('token');
    const comment = typeof form.comment === 'string' ? form.comment : '';
    try {
      const csat = await answerCsatSurvey(ctx, channel, {
        token,
        rating: Number(form.rating ?? 0),
        ...(comment.trim() ? { comment } : {}),
      });
      const { ticket } = await inspectSurvey(ctx, token);
      return render(
        c,
        200,
        locale,
        (t) => t('thanksTitle'),
        (t) => messageView(t('thanksTitle'), t('thanksText', { rating: csat.rating, number: ticket.number }), 'csat-thanks'),
      );
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'CONFLICT') {
        const answered = await inspectSurvey(ctx, token).catch(() => null);
        return render(
          c,
          409,
          locale,
          (t) => t('answeredTitle'),
          (t) => messageView(t('answeredTitle'), t('answeredText', { rating: answered?.answer?.rating ?? '?' }), 'csat-answered'),
        );
      }
      if (err instanceof ServiceError && err.code === 'VALIDATION' && !reasonOf(err)) {
        let survey;
        try {
          survey = await inspectSurvey(ctx, token);
        } catch (e) {
          return refusal(c, locale, e);
        }
        const again = {
          action: `/csat/${encodeURIComponent(token)}`,
          number: survey.ticket.number,
          subject: survey.ticket.subject,
          selected: null,
          comment: comment.slice(0, 2000),
          error: translator(locale)('pickRating'),
        };
        return render(
          c,
          400,
          locale,
          (t) => t('title'),
          (t) => formView(t, locale, again),
        );
      }
      return refusal(c, locale, err);
    }
  });

  return app;
}
