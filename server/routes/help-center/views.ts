import { html, raw } from 'hono/html';
import type { PublicArticleView } from '../../../knowledge-base/articles/present.ts';
import type { CategoryView } from '../../../knowledge-base/categories/present.ts';
import type { Highlighted } from '../../../knowledge-base/search/engine.ts';
import type { KbLocale } from '../../db/schema/index.ts';
import { highlightHtml } from './highlight.ts';
import type { HelpKey, Translate } from './strings.ts';

export interface ListItem {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string;
  categoryId: string | null;
}
export interface Hit {
  slug: string;
  kind: string;
  title: Highlighted;
  snippet: Highlighted;
}

const kindKey: Record<string, HelpKey> = { defect: 'knownIssue', 'how-to': 'howTo', faq: 'faq' };
export const categoryName = (c: Pick<CategoryView, 'name' | 'localizedNames'>, locale: KbLocale) => c.localizedNames[locale] || c.name;
const articleHref = (slug: string) => `/help/articles/${encodeURIComponent(slug)}`;
const kindBadge = (t: Translate, kind: string) =>
  html`<span class="badge ${kind === 'defect' ? 'known' : ''}">${t(kindKey[kind] ?? 'howTo')}</span>`;
const articleLink = (t: Translate, a: ListItem) =>
  html`<li>
    <a href="${articleHref(a.slug)}" data-testid="help-article-link">${a.title}</a> ${a.kind === 'defect' ? kindBadge(t, a.kind) : ''}
  </li>`;

/** Home: topics with their first articles, then uncategorised articles, all in the reader's language. */
export function homeView(t: Translate, locale: KbLocale, cats: CategoryView[], articles: ListItem[]) {
  const byCat = new Map<string, ListItem[]>();
  for (const a of articles) byCat.set(a.categoryId ?? '', [...(byCat.get(a.categoryId ?? '') ?? []), a]);
  const flat = (list: CategoryView[]): CategoryView[] => list.flatMap((c) => [c, ...flat(c.children)]);
  const shown = flat(cats).filter((c) => byCat.has(c.id));
  const known = new Set(shown.map((c) => c.id));
  const loose = articles.filter((a) => !a.categoryId || !known.has(a.categoryId));
  if (!articles.length)
    return html`<h1>${t('title')}</h1>
      <p class="muted" data-testid="help-empty">${t('noArticles')}</p>`;
  return html`<h1>${t('title')}</h1>
    ${shown.length ? html`<h2 class="sr-only">${t('categories')}</h2>` : ''}
    <div class="cats" data-testid="help-categories">
      ${shown.map(
        (c) =>
          html`<section class="card" data-testid="help-category">
            <h2><a href="/help/categories/${c.slug}">${categoryName(c, locale)}</a></h2>
            <ul class="list">
              ${byCat
                .get(c.id)!
                .slice(0, 5)
                .map((a) => articleLink(t, a))}
            </ul>
            ${byCat.get(c.id)!.length > 5 ? html`<p class="small"><a href="/help/categories/${c.slug}">${t('allArticles')}</a></p>` : ''}
          </section>`,
      )}
    </div>
    ${
      loose.length
        ? html`<h2>${t('otherArticles')}</h2>
            <ul class="list card">
              ${loose.map((a) => articleLink(t, a))}
            </ul>`
        : ''
    }`;
}

export function categoryView(t: Translate, locale: KbLocale, cat: CategoryView, articles: ListItem[]) {
  return html`<p class="crumbs"><a href="/help">${t('title')}</a></p>
    <h1>${categoryName(cat, locale)}</h1>
    ${cat.description ? html`<p class="muted">${cat.description}</p>` : ''}
    ${
      articles.length
        ? html`<ul class="list card">
            ${articles.map((a) => html`<li><a href="${articleHref(a.slug)}">${a.title}</a>${a.summary ? html`<br /><span class="muted small">${a.summary}</span>` : ''}</li>`)}
          </ul>`
        : html`<p class="muted">${t('noArticles')}</p>`
    }`;
}

export type SearchOutcome = { state: 'empty' } | { state: 'down' } | { state: 'ok'; hits: Hit[]; others: Hit[] };

const hitList = (t: Translate, hits: Hit[]) =>
  html`<ol class="list" data-testid="help-results">
    ${hits.map(
      (h) =>
        html`<li class="hit" data-testid="help-hit">
          <a href="${articleHref(h.slug)}">${highlightHtml(h.title)}</a> ${h.kind === 'defect' ? kindBadge(t, h.kind) : ''}
          <p class="muted small">${highlightHtml(h.snippet)}</p>
        </li>`,
    )}
  </ol>`;

export function searchView(t: Translate, q: string, out: SearchOutcome) {
  if (out.state === 'empty')
    return html`<h1>${t('searchButton')}</h1>
      <p class="muted">${t('emptyQuery')}</p>`;
  const heading = html`<h1>${t('resultsFor', { q })}</h1>`;
  if (out.state === 'down')
    return html`${heading}
      <p class="muted" role="alert" data-testid="help-search-down">${t('searchDown')}</p>`;
  if (!out.hits.length && !out.others.length)
    return html`${heading}
      <p class="muted" data-testid="help-no-results">${t('noResults')}</p>`;
  return html`${heading}${out.hits.length ? hitList(t, out.hits) : html`<p class="muted" data-testid="help-no-results">${t('noResults')}</p>`}
  ${
    out.others.length
      ? html`<h2>${t('resultsOther')}</h2>
          ${hitList(t, out.others)}`
      : ''
  }`;
}

const section = (title: string, text: string, testid: string) =>
  text.trim()
    ? html`<h2>${title}</h2>
        <div class="pre" data-testid="${testid}">${text}</div>`
    : '';

export function articleView(t: Translate, locale: KbLocale, a: PublicArticleView, cat: CategoryView | null, thanks: boolean) {
  const updated = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(a.updatedAt));
  const affected = [a.product, a.affectedVersions.length ? t('affectedVersions', { versions: a.affectedVersions.join(', ') }) : '']
    .filter(Boolean)
    .join(' · ');
  return html`<p class="crumbs">
      <a href="/help">${t('title')}</a>${cat ? html` › <a href="/help/categories/${cat.slug}">${categoryName(cat, locale)}</a>` : ''}
    </p>
    <article lang="${a.locale}" data-testid="help-article">
      <h1>${a.title}</h1>
      <p class="muted small">${kindBadge(t, a.kind)} ${t('updated', { date: updated })}</p>
      ${a.summary ? html`<p>${a.summary}</p>` : ''}
      ${
        a.kind === 'defect'
          ? html`<section class="defect" data-testid="help-defect">
              ${section(t('symptoms'), a.symptoms, 'help-symptoms')}
              ${
                affected
                  ? html`<h2>${t('affected')}</h2>
                      <p>${affected}</p>`
                  : ''
              }
              ${section(t('cause'), a.cause, 'help-cause')} ${section(t('workaround'), a.workaround, 'help-workaround')}
              <p><strong>${a.fixedIn ? t('fixedIn', { version: a.fixedIn }) : t('notFixed')}</strong></p>
            </section>`
          : ''
      }
      <div class="body">${raw(a.bodyHtml)}</div>
      ${a.tags.length ? html`<p class="tags">${a.tags.map((tag) => html`<span class="badge">${tag}</span>`)}</p>` : ''}
    </article>
    <form class="helpful" method="post" action="${articleHref(a.slug)}/helpful">
      ${
        thanks
          ? html`<p role="status" data-testid="help-thanks">${t('helpfulThanks')}</p>`
          : html`<span>${t('helpfulQuestion')}</span><button type="submit" data-testid="help-helpful">${t('helpfulYes')}</button>`
      }
    </form>`;
}

export function notFoundView(t: Translate) {
  return html`<h1 data-testid="help-not-found">${t('notFoundTitle')}</h1>
    <p class="muted">${t('notFoundText')}</p>
    <p><a href="/help">${t('backHome')}</a></p>`;
}
