import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { HtmlEscapedString } from 'hono/utils/html';
import { listPublicCategories } from '../../../knowledge-base/categories/list-categories.ts';
import type { CategoryView } from '../../../knowledge-base/categories/present.ts';
import { listPublicArticles } from '../../../knowledge-base/public/list-public.ts';
import { getPublicArticle } from '../../../knowledge-base/public/public-article.ts';
import { publicSearch } from '../../../knowledge-base/public/public-search.ts';
import { recordDeflection } from '../../../knowledge-base/usage/record-deflection.ts';
import type { ServiceContext } from '../../context.ts';
import { ServiceError } from '../../errors.ts';
import { locales, type Locale } from '../../locale/index.ts';
import { clientInfo } from '../client-info.ts';
import type { AppEnv } from '../env.ts';
import { contactRoutes } from './contact.ts';
import { shell } from './layout.ts';
import { helpLocale } from './locale.ts';
import { translator, type Translate } from './strings.ts';
import { articleView, categoryView, homeView, notFoundView, searchView, type SearchOutcome } from './views.ts';

const VISITOR = 'sb_help_visitor';
const flatten = (list: CategoryView[]): CategoryView[] => list.flatMap((c) => [c, ...flatten(c.children)]);

/**
 * The public help center at /help, rendered on the server: no sign-in, no script, a real 404 status for
 * anything that is not a published public article, and indexable pages. Reads go through the same verbs as
 * /api/public/kb, so drafts, internal and archived articles cannot leak by a different path.
 */
export function helpCenterRoutes(ctx: ServiceContext) {
  const app = new Hono<AppEnv>({ strict: false });

  function render(
    c: Context,
    status: 200 | 400 | 403 | 404 | 413 | 429 | 503,
    title: string,
    body: (t: Translate, locale: Locale) => HtmlEscapedString | Promise<HtmlEscapedString>,
    q?: string,
  ) {
    const locale = helpLocale(c);
    const t = translator(locale);
    const url = new URL(c.req.url);
    const switchTo = Object.fromEntries(
      locales.map((l) => {
        const u = new URLSearchParams(url.search);
        u.set('lang', l);
        u.delete('thanks');
        return [l, `${url.pathname}?${u}`];
      }),
    ) as Record<Locale, string>;
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Accept-Language, Cookie');
    return c.html(shell({ t, locale, title: title || t('title'), switchTo, q, body: body(t, locale) }), status);
  }
  const notFound = (c: Context) => render(c, 404, translator(helpLocale(c))('notFoundTitle'), (t) => notFoundView(t));

  app.get('/', async (c) => {
    const locale = helpLocale(c);
    const [cats, { articles }] = await Promise.all([listPublicCategories(ctx), listPublicArticles(ctx, { locale, limit: 100 })]);
    return render(c, 200, '', (t) => homeView(t, locale, cats, articles));
  });

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 500);
    const locale = helpLocale(c);
    let out: SearchOutcome = { state: 'empty' };
    if (q) {
      try {
        const mine = await publicSearch(ctx, { q, locale });
        // Nothing in the reader's language: the answer may still exist in the other one.
        const others = mine.hits.length ? [] : (await publicSearch(ctx, { q })).hits;
        out = { state: 'ok', hits: mine.hits, others };
      } catch (err) {
        if (!(err instanceof ServiceError && err.code === 'UNAVAILABLE')) throw err;
        out = { state: 'down' };
      }
    }
    return render(c, out.state === 'down' ? 503 : 200, q, (t) => searchView(t, q, out), q);
  });

  app.get('/categories/:slug', async (c) => {
    const locale = helpLocale(c);
    const cat = flatten(await listPublicCategories(ctx)).find((x) => x.slug === c.req.param('slug'));
    if (!cat) return notFound(c);
    const { articles } = await listPublicArticles(ctx, { locale, categoryId: cat.id, limit: 100 });
    return render(c, 200, cat.localizedNames[locale] || cat.name, (t) => categoryView(t, locale, cat, articles));
  });

  app.get('/articles/:idOrSlug', async (c) => {
    const article = await getPublicArticle(ctx, c.req.param('idOrSlug')).catch((err: unknown) => {
      if (err instanceof ServiceError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!article) return notFound(c);
    const cat = article.categoryId ? (flatten(await listPublicCategories(ctx)).find((x) => x.id === article.categoryId) ?? null) : null;
    const thanks = c.req.query('thanks') === '1';
    return render(c, 200, article.title, (t, locale) => articleView(t, locale, article, cat, thanks));
  });

  app.post('/articles/:idOrSlug/helpful', async (c) => {
    let visitorKey = getCookie(c, VISITOR);
    if (!visitorKey || !/^[\w-]{16,100}$/.test(visitorKey)) {
      visitorKey = randomBytes(18).toString('base64url');
      setCookie(c, VISITOR, visitorKey, { path: '/help', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true });
    }
    const slug = c.req.param('idOrSlug');
    try {
      await recordDeflection(ctx, slug, { source: 'help', visitorKey }, { ip: clientInfo(c, ctx.config).ip });
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'NOT_FOUND') return notFound(c);
      // Over the per-address budget: the reader is thanked all the same; only the count is withheld.
      if (!(err instanceof ServiceError && err.code === 'RATE_LIMITED')) throw err;
    }
    return c.redirect(`/help/articles/${encodeURIComponent(slug)}?thanks=1`, 303);
  });

  contactRoutes(app, ctx, render);
  app.all('*', notFound);
  return app;
}
