import { sql } from 'drizzle-orm';
import type { Db } from '../../../server/db/client.ts';
import type { EngineHealth, SearchEngine, SearchRequest, SearchResult } from '../engine.ts';
import { normalize } from '../text/normalize.ts';
import { analyzeQuery } from './analyze.ts';
import { highlightHits } from './highlight.ts';
import { rankDocuments } from './rank.ts';
import { rows } from './sql-values.ts';
import { clearDocs, removeDocs, writeDocs } from './write.ts';

/**
 * The embedded engine: English full-text (weighted tsvector), CJK character bigrams, IDF ranking,
 * typo correction against the indexed vocabulary (pg_trgm) and query-time synonyms. README.md beside
 * the port explains the choices.
 */
export function createPostgresEngine(db: Db): SearchEngine {
  const synonymGroups = remembered(SYNONYMS_FRESH_MS, () => synonyms(db));
  return {
    name: 'postgres',
    async init() {},
    index: (docs) => writeDocs(db, docs),
    remove: (ids) => removeDocs(db, ids),
    clear: () => clearDocs(db),
    async setSynonyms(groups) {
      const clean = groups
        .map((g) => [
          ...new Set(
            g
              .map(normalize)
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ])
        .filter((g) => g.length > 1);
      await db.execute(sql`
        insert into kb_search_settings (key, value) values ('synonyms', ${JSON.stringify(clean)}::jsonb)
        on conflict (key) do update set value = excluded.value`);
      synonymGroups.forget();
    },
    async search(req: SearchRequest): Promise<SearchResult> {
      const started = performance.now();
      const limit = Math.min(Math.max(req.limit ?? 10, 1), 100);
      const analyzed = await analyzeQuery(db, req.q, await synonymGroups.get());
      const ranked = await rankDocuments(db, analyzed.groups, req.filters ?? {}, limit, req.offset ?? 0, analyzed.locale);
      const hits = await highlightHits(db, analyzed, ranked);
      return { hits, total: ranked[0]?.total ?? 0, tookMs: Math.round(performance.now() - started) };
    },
    async health(): Promise<EngineHealth> {
      const res = await db.execute(sql`select coalesce((select (value)::int from kb_search_settings where key = 'docCount'), 0) as n`);
      return { ok: true, engine: 'postgres', documents: rows<{ n: number }>(res)[0]?.n ?? 0 };
    },
  };
}

/** Synonyms change rarely: each search reuses them this long; another node's edit is seen within it, this node's at once. */
const SYNONYMS_FRESH_MS = 5_000;

function remembered<T>(freshMs: number, load: () => Promise<T>) {
  let value: { at: number; p: Promise<T> } | null = null;
  return {
    get(): Promise<T> {
      if (!value || performance.now() - value.at > freshMs) {
        const p = load();
        value = { at: performance.now(), p };
        p.catch(() => (value = null));
      }
      return value.p;
    },
    forget: () => void (value = null),
  };
}

async function synonyms(db: Db): Promise<string[][]> {
  const res = await db.execute(sql`select value from kb_search_settings where key = 'synonyms'`);
  return (rows<{ value: string[][] }>(res)[0]?.value ?? []) as string[][];
}
