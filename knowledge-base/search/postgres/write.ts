import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../server/db/client.ts';
import type { SearchDocument } from '../engine.ts';
import { cjkBigrams, latinPart, latinWords, normalize } from '../text/normalize.ts';
import { pgTextArray, rows } from './sql-values.ts';

const BATCH = 250;
const LOCK = sql`select pg_advisory_xact_lock(hashtextextended('kb_search_index', 0))`;

/**
 * Upserts documents and keeps document frequencies (kb_search_lexemes), the typo vocabulary
 * (kb_search_words) and the document count in step. Writers serialise on one advisory lock: index
 * writes are rare (edits, reindex) and this keeps the df bookkeeping exact without deadlocks.
 */
export async function writeDocs(db: Db, docs: SearchDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = dedupeById(docs.slice(i, i + BATCH));
    await db.transaction(async (tx) => {
      await tx.execute(LOCK);
      const ids = pgTextArray(batch.map((d) => d.id));
      const before = await forgetLexemes(tx, ids);
      await tx.execute(sql`
        insert into kb_search_docs (id, slug, title, symptoms, body, kind, status, visibility, product, category_id, locale, tags, boost, tsv, updated_at)
        values ${sql.join(batch.map(docValues), sql`, `)}
        on conflict (id) do update set slug = excluded.slug, title = excluded.title, symptoms = excluded.symptoms,
          body = excluded.body, kind = excluded.kind, status = excluded.status, visibility = excluded.visibility,
          product = excluded.product, category_id = excluded.category_id, locale = excluded.locale, tags = excluded.tags,
          boost = excluded.boost, tsv = excluded.tsv, updated_at = excluded.updated_at`);
      await tx.execute(sql`
        insert into kb_search_lexemes (lexeme, df)
        select lx, count(*)::int from kb_search_docs d, unnest(tsvector_to_array(d.tsv)) lx
        where d.id = any(${ids}::uuid[]) group by lx
        on conflict (lexeme) do update set df = kb_search_lexemes.df + excluded.df`);
      const words = [...new Set(batch.flatMap((d) => vocabulary(`${d.title} ${d.symptoms} ${d.body} ${d.tags.join(' ')}`)))];
      if (words.length) {
        await tx.execute(sql`insert into kb_search_words (word) select unnest(${pgTextArray(words)}::text[]) on conflict do nothing`);
      }
      await addToCount(tx, batch.length - before);
    });
  }
  await analyzeWhenGrown(db);
}

/**
 * Keeps planner statistics fresh: without them PostgreSQL scans by status instead of the GIN index, and
 * PGlite has no autovacuum at all. Re-analyses when the index size moved by 10% (or 200 documents).
 */
async function analyzeWhenGrown(db: Db): Promise<void> {
  const res = await db.execute(sql`
    select coalesce((select (value)::int from kb_search_settings where key = 'docCount'), 0) as n,
           coalesce((select (value)::int from kb_search_settings where key = 'analyzedAt'), -1) as at`);
  const [row] = rows<{ n: number; at: number }>(res);
  if (!row || (row.at >= 0 && Math.abs(row.n - row.at) < Math.max(200, row.at * 0.1))) return;
  await db.execute(sql`analyze kb_search_docs`);
  await db.execute(sql`analyze kb_search_lexemes`);
  await db.execute(sql`analyze kb_search_words`);
  await db.execute(sql`
    insert into kb_search_settings (key, value) values ('analyzedAt', to_jsonb(${row.n}::int))
    on conflict (key) do update set value = excluded.value`);
}

export async function removeDocs(db: Db, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.transaction(async (tx) => {
    await tx.execute(LOCK);
    const arr = pgTextArray(ids);
    const before = await forgetLexemes(tx, arr);
    await tx.execute(sql`delete from kb_search_docs where id = any(${arr}::uuid[])`);
    await addToCount(tx, -before);
  });
}

export async function clearDocs(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(LOCK);
    await tx.execute(sql`truncate kb_search_docs, kb_search_lexemes, kb_search_words`);
    await tx.execute(sql`delete from kb_search_settings where key in ('docCount', 'analyzedAt')`);
  });
}

/** Takes the given documents' current lexemes out of the frequencies; returns how many of them existed. */
async function forgetLexemes(tx: Tx, ids: string): Promise<number> {
  await tx.execute(sql`
    update kb_search_lexemes l set df = l.df - c.n
    from (select lx, count(*)::int n from kb_search_docs d, unnest(tsvector_to_array(d.tsv)) lx
          where d.id = any(${ids}::uuid[]) group by lx) c
    where l.lexeme = c.lx`);
  const [row] = rows<{ n: number }>(await tx.execute(sql`select count(*)::int n from kb_search_docs where id = any(${ids}::uuid[])`));
  return row?.n ?? 0;
}

async function addToCount(tx: Tx, delta: number): Promise<void> {
  if (!delta) return;
  await tx.execute(sql`
    insert into kb_search_settings (key, value) values ('docCount', to_jsonb(${delta}::int))
    on conflict (key) do update set value = to_jsonb((kb_search_settings.value)::int + ${delta}::int)`);
}

function docValues(d: SearchDocument) {
  const field = (text: string, weight: 'A' | 'B' | 'C') =>
    sql`setweight(to_tsvector('english', ${latinPart(normalize(text))}) || to_tsvector('simple', ${cjkBigrams(normalize(text)).join(' ')}), ${weight}::"char")`;
  const extra = [d.symptoms, d.tags.join(' '), d.product ?? ''].join('\n');
  return sql`(${d.id}::uuid, ${d.slug}, ${d.title}, ${d.symptoms}, ${d.body}, ${d.kind}, ${d.status}, ${d.visibility},
    ${d.product}, ${d.categoryId}::uuid, ${d.locale}, ${pgTextArray(d.tags)}::text[], ${d.boost}::real,
    ${field(d.title, 'A')} || ${field(extra, 'B')} || ${field(d.body, 'C')}, ${d.updatedAt}::timestamptz)`;
}

/** Words a misspelling may be corrected to: Latin-script, 4 to 30 letters, not numbers. */
function vocabulary(text: string): string[] {
  return latinWords(normalize(text))
    .map((t) => t.word)
    .filter((w) => w.length >= 4 && w.length <= 30 && !/\d/.test(w));
}

function dedupeById(docs: SearchDocument[]): SearchDocument[] {
  return [...new Map(docs.map((d) => [d.id, d])).values()];
}
