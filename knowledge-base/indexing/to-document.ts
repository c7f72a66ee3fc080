import type { kbArticles } from '../../server/db/schema/index.ts';
import { markdownToText } from '../articles/markdown.ts';
import type { SearchDocument } from '../search/engine.ts';
import { usageBoost } from '../usage/boost.ts';

type ArticleRow = typeof kbArticles.$inferSelect;

/** An article as the search engine sees it: plain text, defect fields folded into symptoms and body. */
export function toSearchDocument(a: ArticleRow): SearchDocument {
  const versions = a.affectedVersions.length ? `Affected versions: ${a.affectedVersions.join(', ')}` : '';
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    symptoms: [a.symptoms, versions].filter(Boolean).join('\n'),
    body: [a.summary, markdownToText(a.body), a.cause, a.workaround, a.fixedIn ? `Fixed in ${a.fixedIn}` : '']
      .filter((s) => s.trim())
      .join('\n'),
    kind: a.kind,
    status: a.status,
    visibility: a.visibility,
    product: a.product,
    categoryId: a.categoryId,
    locale: a.locale,
    tags: a.tags,
    boost: usageBoost({ suggested: a.suggestedCount, inserted: a.insertedCount, solved: a.solvedCount }),
    updatedAt: a.updatedAt.toISOString(),
  };
}
