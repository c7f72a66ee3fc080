import type { Page } from 'playwright-core';
import { until } from './sockets.ts';

export interface ArticleFields {
  kind?: 'how-to' | 'faq' | 'defect';
  visibility?: 'internal' | 'public';
  locale?: 'en' | 'zh-CN';
  /** The category's label as the select shows it. */
  category?: string;
  title: string;
  summary?: string;
  symptoms?: string;
  product?: string;
  versions?: string;
  cause?: string;
  workaround?: string;
  fixedIn?: string;
  body?: string;
  tags?: string;
}

/** Fills the editor form the way an editor does: selects first (the defect fields appear with the kind). */
export async function fillArticleForm(page: Page, f: ArticleFields): Promise<void> {
  if (f.kind) await page.selectOption('[data-testid=kb-kind]', f.kind);
  if (f.visibility) await page.selectOption('[data-testid=kb-visibility]', f.visibility);
  if (f.locale) await page.selectOption('[data-testid=kb-locale]', f.locale);
  if (f.category) await page.selectOption('[data-testid=kb-category]', { label: f.category });
  await page.fill('[data-testid=kb-title]', f.title);
  const fields: Array<[keyof ArticleFields, string]> = [
    ['summary', 'kb-summary'],
    ['symptoms', 'kb-symptoms'],
    ['product', 'kb-product'],
    ['versions', 'kb-versions'],
    ['cause', 'kb-cause'],
    ['workaround', 'kb-workaround'],
    ['fixedIn', 'kb-fixed-in'],
    ['body', 'kb-body'],
    ['tags', 'kb-tags'],
  ];
  for (const [key, testid] of fields) if (f[key] !== undefined) await page.fill(`[data-testid=${testid}]`, f[key]!);
}

/** The article id from an editor URL (/kb/<id>). */
export const articleIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

/** Waits until the public search (what the help center and widget call) finds the article: it is indexed. */
export async function untilPubliclyFound(baseUrl: string, q: string, articleId: string, locale?: string): Promise<void> {
  const qs = new URLSearchParams({ q, ...(locale ? { locale } : {}) });
  await until(
    async () => {
      const res = await fetch(`${baseUrl}/api/public/kb/search?${qs}`);
      const body = (await res.json()) as { hits?: Array<{ id: string }> };
      return body.hits?.some((h) => h.id === articleId);
    },
    `public search for "${q}" to find ${articleId}`,
    10_000,
  );
}

/** The article ids of the suggestions panel, in order. */
export async function suggestedIds(page: Page): Promise<string[]> {
  const items = page.locator('[data-testid=kb-suggestion]');
  const ids: string[] = [];
  for (let i = 0, n = await items.count(); i < n; i++) ids.push((await items.nth(i).getAttribute('data-article-id')) ?? '');
  return ids;
}
