import { sql } from 'drizzle-orm';
import type { Db } from '../../../server/db/client.ts';
import type { SearchHit } from '../engine.ts';
import { highlightAll, snippet, type Matcher } from '../text/highlight.ts';
import { latinWords } from '../text/normalize.ts';
import type { AnalyzedQuery } from './analyze.ts';
import { stem } from './analyze.ts';
import { rows, pgTextArray } from './sql-values.ts';

type DocText = { id: string; title: string; symptoms: string; body: string };

/** Marks the words of each hit that matched, deciding English matches with the index's own stemmer. */
export async function highlightHits(db: Db, q: AnalyzedQuery, ranked: Array<{ id: string; score: number }>): Promise<SearchHit[]> {
  if (!ranked.length) return [];
  const res = await db.execute(
    sql`select id, title, symptoms, body from kb_search_docs where id = any(${pgTextArray(ranked.map((r) => r.id))}::uuid[])`,
  );
  const docs = new Map(rows<DocText>(res).map((d) => [d.id, d]));
  // Only words that share a stem's first letters can stem to it: ask the database about those alone.
  const prefixes = new Set([...q.lexemes].map((l) => l.slice(0, 3)));
  const words = new Set<string>();
  for (const d of docs.values()) {
    for (const t of latinWords(`${d.title} ${d.symptoms} ${d.body}`)) if (prefixes.has(t.word.slice(0, 3))) words.add(t.word);
  }
  const stems = await stem(db, [...words]);
  const matcher: Matcher = {
    word: (w) => (stems.get(w) ?? []).some((l) => q.lexemes.has(l)),
    bigrams: q.bigrams,
  };
  return ranked.flatMap((r) => {
    const d = docs.get(r.id);
    if (!d) return [];
    const text = [d.symptoms, d.body].filter((s) => s.trim()).join(' — ');
    return [{ id: r.id, score: r.score, title: highlightAll(d.title, matcher), snippet: snippet(text, matcher) }];
  });
}
