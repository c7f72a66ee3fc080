import type { SearchFilters } from '../engine.ts';

/** Index settings: attribute order is the ranking order (title > symptoms > tags/product > body). */
export const meiliSettings = {
  searchableAttributes: ['title', 'symptoms', 'tags', 'product', 'body'],
  filterableAttributes: ['status', 'visibility', 'product', 'categoryId', 'locale', 'kind'],
  displayedAttributes: ['id', 'title', 'symptoms', 'body'],
  // Relevance first; the usage boost only breaks ties between equally relevant articles.
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'boost:desc'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
};

/** Meilisearch synonyms are one-way lists per term; a group becomes every term -> all the others. */
export function synonymMap(groups: string[][]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    const terms = [...new Set(group.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    for (const term of terms) map[term] = [...new Set([...(map[term] ?? []), ...terms.filter((t) => t !== term)])];
  }
  return map;
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The port's filters as a Meilisearch filter expression (array form: outer AND, inner OR). */
export function filterExpression(f: SearchFilters): string[] {
  const parts: string[] = [];
  if (f.status?.length) parts.push(`status IN [${f.status.map(quote).join(', ')}]`);
  if (f.visibility?.length) parts.push(`visibility IN [${f.visibility.map(quote).join(', ')}]`);
  if (f.product) parts.push(`product = ${quote(f.product)}`);
  if (f.categoryId) parts.push(`categoryId = ${quote(f.categoryId)}`);
  if (f.locale) parts.push(`locale = ${quote(f.locale)}`);
  if (f.kind) parts.push(`kind = ${quote(f.kind)}`);
  return parts;
}

const STOP = new Set(
  'a an and are as at be but by can could do does for from had has have hello hi how i if in into is it its just me my no not of on or our please so still that the their then there this to too us was we were what when which why will with would you your'.split(
    ' ',
  ),
);

/**
 * Meilisearch reads at most ten words of a query. A ticket is longer: keep the first ten that are not
 * small talk, so the symptom words reach the engine.
 */
export function compactQuery(q: string): string {
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length <= 10) return q;
  return words
    .filter((w) => !STOP.has(w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '')))
    .slice(0, 10)
    .join(' ');
}
