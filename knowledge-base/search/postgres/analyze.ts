import { sql } from 'drizzle-orm';
import type { Db } from '../../../server/db/client.ts';
import type { Locale } from '../../../server/locale/index.ts';
import { cjkBigrams, cjkChar, latinWords, normalize } from '../text/normalize.ts';
import { editDistance, typoBudget } from './edit-distance.ts';
import { pgTextArray, rows, tsAlternatives } from './sql-values.ts';
import { expandSynonyms } from './synonyms.ts';

/** One unit of meaning in the query: any of its alternatives (phrases of lexemes) counts as a match. */
export interface TermGroup {
  alternatives: Array<{ phrase: string[]; idf: number }>;
  /** The best alternative's idf (to rank groups). */
  idf: number;
  /** Below 1 for typo corrections, so an exact word outranks a guessed one. */
  factor: number;
}

export interface AnalyzedQuery {
  groups: TermGroup[];
  /** Every lexeme and bigram that may match (for highlighting). */
  lexemes: Set<string>;
  bigrams: Set<string>;
  words: number;
  /**
   * The query's script, to prefer articles in the customer's language; null when mixed or unclear. Stricter
   * than server/locale's detectLanguage on purpose: a mixed query boosts neither language's articles.
   */
  locale: Locale | null;
}

const MAX_GROUPS = 16;
// Words that carry no meaning in a support request ("please help, how can I get..."); stems are not enough.
const FILLER = new Set(
  'able anyone can could get got help hello hey hi issue know like lot need please problem regards thank thanks try trying want would'.split(
    ' ',
  ),
);
// Chinese grammatical particles: a bigram holding one ("见了", "的话") says little about the topic.
const PARTICLE = /[了的吗呢吧啊呀么着过]/;
const MAX_QUERY_CHARS = 4000;

type Alt = { phrase: string[]; df: number };

export async function analyzeQuery(db: Db, raw: string, synonymGroups: string[][]): Promise<AnalyzedQuery> {
  const q = normalize(raw).slice(0, MAX_QUERY_CHARS);
  const { hits, rest } = expandSynonyms(q, synonymGroups);
  const queryWords = [...new Set(latinWords(rest).map((t) => t.word))].filter((w) => !FILLER.has(w)).slice(0, 200);
  const synonymWords = hits.flatMap((h) => h.terms.filter((t) => !cjkChar.test(t)).flatMap((t) => latinWords(t).map((w) => w.word)));
  const lexemesOf = await stem(db, [...new Set([...queryWords, ...synonymWords])]);
  const bigramsOf = (t: string) => cjkBigrams(t);

  const candidates: Array<{ alts: string[][]; factor: number; word?: string }> = [];
  for (const h of hits) {
    const alts = h.terms.map((t) => (cjkChar.test(t) ? bigramsOf(t) : latinWords(t).flatMap((w) => lexemesOf.get(w.word) ?? [])));
    candidates.push({ alts: alts.filter((a) => a.length), factor: 1 });
  }
  for (const w of queryWords) {
    const lx = lexemesOf.get(w) ?? [];
    if (lx.length) candidates.push({ alts: [lx], factor: 1, word: w });
  }
  for (const b of new Set(bigramsOf(rest))) candidates.push({ alts: [[b]], factor: PARTICLE.test(b) ? 0.5 : 1 });

  const { stats, n } = await documentFrequencies(
    db,
    candidates.flatMap((c) => c.alts.flat()),
  );
  const dfOf = (phrase: string[]) => Math.min(...phrase.map((l) => stats.get(l) ?? 0));

  // Words nobody ever wrote are likely misspelt: try the closest indexed words within the typo budget.
  const unknown = candidates.filter((c) => c.word && c.alts.every((a) => dfOf(a) === 0) && typoBudget(c.word) > 0);
  const corrections = await correct(
    db,
    unknown.map((c) => c.word!),
  );
  for (const c of unknown) {
    const fixes = corrections.get(c.word!) ?? [];
    if (fixes.length) Object.assign(c, { alts: fixes.map((f) => f.phrase), factor: 0.75 });
    for (const f of fixes) for (const l of f.phrase) stats.set(l, Math.max(stats.get(l) ?? 0, f.df));
  }

  const seen = new Set<string>();
  const groups: TermGroup[] = [];
  for (const c of candidates) {
    const alts: Alt[] = c.alts.map((phrase) => ({ phrase, df: dfOf(phrase) })).filter((a) => a.df > 0);
    if (!alts.length) continue;
    const key = tsAlternatives(alts.map((a) => a.phrase));
    if (seen.has(key)) continue;
    seen.add(key);
    // Synonyms name one concept: its rarity is that of all its spellings together (else 退款 outweighs refund).
    const groupIdf = idf(
      n,
      Math.min(
        n,
        alts.reduce((sum, a) => sum + a.df, 0),
      ),
    );
    groups.push({ alternatives: alts.map((a) => ({ phrase: a.phrase, idf: groupIdf })), idf: groupIdf, factor: c.factor });
  }
  // Long ticket texts: keep the most telling terms; the commonest add noise and cost.
  groups.sort((a, b) => b.idf * b.factor - a.idf * a.factor);
  const kept = groups.slice(0, MAX_GROUPS);
  const all = kept.flatMap((g) => g.alternatives.flatMap((a) => a.phrase));
  const hasCjk = cjkChar.test(q);
  const hasLatin = queryWords.length > 0;
  return {
    groups: kept,
    lexemes: new Set(all.filter((l) => !cjkChar.test(l))),
    bigrams: new Set(all.filter((l) => cjkChar.test(l))),
    words: queryWords.length + bigramsOf(rest).length,
    locale: hasCjk === hasLatin ? null : hasCjk ? 'zh-CN' : 'en',
  };
}

/** BM25's inverse document frequency: rare terms weigh more, a term in every document next to nothing. */
const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Stems are a pure function of the word (the 'english' configuration): remembered, up to this many words. */
const STEMS_REMEMBERED = 20_000;
const stems = new Map<string, string[]>();

/** English stems per word, by the same configuration the index uses (stop words stem to nothing). */
export async function stem(db: Db, words: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const unknown = words.filter((w) => {
    const known = stems.get(w);
    if (known) out.set(w, known);
    return !known;
  });
  if (!unknown.length) return out;
  const res = await db.execute(sql`
    select w, coalesce((select array_agg(lexeme order by lexeme) from unnest(to_tsvector('english', w))), '{}') as lx
    from unnest(${pgTextArray(unknown)}::text[]) w`);
  for (const r of rows<{ w: string; lx: string[] }>(res)) {
    out.set(r.w, r.lx);
    if (stems.size >= STEMS_REMEMBERED) stems.delete(stems.keys().next().value!);
    stems.set(r.w, r.lx);
  }
  return out;
}

/** How many documents hold each lexeme or bigram, and how many documents there are (at least 1), in one round trip. */
async function documentFrequencies(db: Db, lexemes: string[]): Promise<{ stats: Map<string, number>; n: number }> {
  const res = await db.execute(sql`
    select (select (value)::int from kb_search_settings where key = 'docCount') as n,
           (select coalesce(json_object_agg(lexeme, df), '{}') from kb_search_lexemes where lexeme = any(${pgTextArray([...new Set(lexemes)])}::text[])) as df`);
  const row = rows<{ n: number | null; df: Record<string, number> }>(res)[0];
  return { stats: new Map(Object.entries(row?.df ?? {})), n: Math.max(1, row?.n ?? 0) };
}

/** Closest vocabulary words by trigram similarity, kept only within the edit-distance budget. */
async function correct(db: Db, words: string[]): Promise<Map<string, Alt[]>> {
  const out = new Map<string, Alt[]>();
  if (!words.length) return out;
  const res = await db.execute(sql`
    select q, c.word from unnest(${pgTextArray(words)}::text[]) q
    cross join lateral (select word from kb_search_words where word % q order by word <-> q limit 8) c`);
  const near = rows<{ q: string; word: string }>(res).filter((r) => editDistance(r.q, r.word) <= typoBudget(r.q));
  if (!near.length) return out;
  const stemsOf = await stem(db, [...new Set(near.map((r) => r.word))]);
  const dfs = (await documentFrequencies(db, [...stemsOf.values()].flat())).stats;
  for (const r of near) {
    const phrase = stemsOf.get(r.word) ?? [];
    const df = Math.min(...phrase.map((l) => dfs.get(l) ?? 0));
    if (!phrase.length || df === 0) continue;
    const list = out.get(r.q) ?? [];
    if (!list.some((a) => a.phrase.join(' ') === phrase.join(' '))) list.push({ phrase, df });
    out.set(r.q, list.slice(0, 3));
  }
  return out;
}
