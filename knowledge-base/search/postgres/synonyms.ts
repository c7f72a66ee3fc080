import { cjkChar, normalize } from '../text/normalize.ts';

export interface SynonymHit {
  /** Every term of the matched group (including the one found in the query). */
  terms: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds synonym-group terms in the (normalised) query and blanks them out of `rest`, so the matched words
 * are searched once, as the whole group ("sign in" -> sign in | log in | 登录), not again one by one.
 */
export function expandSynonyms(query: string, groups: string[][]): { hits: SynonymHit[]; rest: string } {
  let rest = query;
  const hits: SynonymHit[] = [];
  for (const group of groups) {
    const terms = group.map(normalize).filter(Boolean);
    // Longest first, so "log in page" is not taken as "log in" when both are terms.
    const ordered = [...terms].sort((a, b) => b.length - a.length);
    let found = false;
    for (const term of ordered) {
      const pattern = cjkChar.test(term)
        ? new RegExp(escape(term), 'g')
        : new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, 'gu');
      if (pattern.test(rest)) {
        rest = rest.replace(pattern, (m) => ' '.repeat(m.length));
        found = true;
      }
    }
    if (found) hits.push({ terms });
  }
  return { hits, rest };
}
