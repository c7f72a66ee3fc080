import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../server/db/client.ts';
import type { Locale } from '../../../server/locale/index.ts';
import type { SearchFilters } from '../engine.ts';
import type { TermGroup } from './analyze.ts';
import { pgTextArray, rows, tsAlternatives } from './sql-values.ts';

// How much a term found in each field is worth: title > symptoms, tags, product > body.
const FIELD = { A: 1, B: 0.6, C: 0.25 } as const;
const SAME_LANGUAGE = 1.5;
const GATE = 8;
const PAIR_GATE = 6;

/** The weight of the best field the phrase occurs in (title, then symptoms/tags/product, then body). */
function fieldScore(alternatives: string[][], w: number): SQL {
  return sql`(case when d.tsv @@ ${tsAlternatives(alternatives, 'A')}::tsquery then ${w * FIELD.A}::float8
    when d.tsv @@ ${tsAlternatives(alternatives, 'B')}::tsquery then ${w * FIELD.B}::float8
    when d.tsv @@ ${tsAlternatives(alternatives)}::tsquery then ${w * FIELD.C}::float8 else 0 end)`;
}

export interface RankedRow {
  id: string;
  score: number;
  total: number;
}

/**
 * Scores every document that matches at least one term group (GIN on the tsvector finds them):
 * sum over groups of idf x best field the group occurs in, times the document's usage boost.
 * An IDF-weighted sum rather than ts_rank, because ts_rank ignores how rare a word is; that matters
 * for long ticket texts and for Chinese bigrams such as 怎么 that occur everywhere.
 */
export async function rankDocuments(
  db: Db,
  groups: TermGroup[],
  filters: SearchFilters,
  limit: number,
  offset: number,
  locale: Locale | null = null,
): Promise<RankedRow[]> {
  if (!groups.length) return [];
  const terms = groups.map((g) => {
    const cases = g.alternatives.map((a) => fieldScore([a.phrase], a.idf * g.factor));
    return cases.length === 1 ? cases[0]! : sql`greatest(${sql.join(cases, sql`, `)})`;
  });
  // A customer writing English is better served by the English article than by its Chinese twin, and back.
  const language = locale ? sql`(case when d.locale = ${locale} then ${SAME_LANGUAGE}::float8 else 1 end)` : sql`1`;
  // Of two titles matching the same words, the shorter one is about them more (and exact ties stay stable).
  const focus = sql`(1 + 0.1 * 30.0 / greatest(length(d.title), 30))`;
  const run = async (gate: string) => {
    const res = await db.execute(sql`
      select id, score, count(*) over ()::int as total from (
        select d.id, (${sql.join(terms, sql` + `)}) * d.boost * ${language} * ${focus} as score
        from kb_search_docs d
        where d.tsv @@ ${gate}::tsquery ${filterSql(filters)}
      ) s
      order by score desc, id
      limit ${limit} offset ${offset}`);
    return rows<RankedRow>(res).map((r) => ({ id: r.id, score: Number(r.score), total: Number(r.total) }));
  };
  // Scoring costs per candidate, so long queries (tickets) first gather documents sharing two of the
  // rarest terms; only when that finds too few does every document with one rare term compete.
  const phrases = groups.slice(0, GATE).map((g) => `(${tsAlternatives(g.alternatives.map((a) => a.phrase))})`);
  if (groups.length >= 4) {
    const top = phrases.slice(0, PAIR_GATE);
    const pairs = top.flatMap((a, i) => top.slice(i + 1).map((b) => `(${a} & ${b})`));
    const found = await run(pairs.join(' | '));
    if (found.length >= Math.min(limit, 3) || offset > 0) return found;
  }
  return run(phrases.join(' | '));
}

function filterSql(f: SearchFilters): SQL {
  const parts: SQL[] = [];
  if (f.status?.length) parts.push(sql`and d.status = any(${pgTextArray(f.status)}::text[])`);
  if (f.visibility?.length) parts.push(sql`and d.visibility = any(${pgTextArray(f.visibility)}::text[])`);
  if (f.product) parts.push(sql`and d.product = ${f.product}`);
  if (f.categoryId) parts.push(sql`and d.category_id = ${f.categoryId}::uuid`);
  if (f.locale) parts.push(sql`and d.locale = ${f.locale}`);
  if (f.kind) parts.push(sql`and d.kind = ${f.kind}`);
  return sql.join(parts, sql` `);
}
