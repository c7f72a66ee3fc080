import { Meilisearch, MeilisearchApiError, type Task } from 'meilisearch';
import type { Highlighted, SearchDocument, SearchEngine, SearchHit, SearchResult } from '../engine.ts';
import { SearchUnavailableError } from '../engine.ts';
import { compactQuery, filterExpression, meiliSettings, synonymMap } from './settings.ts';

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  indexUid?: string;
  /** How long to wait for an indexing task before giving up (the outbox retries). */
  taskTimeoutMs?: number;
}

const PRE = '\uE000';
const POST = '\uE001';
const markers = /[\uE000\uE001]/g;

/** The Meilisearch adapter: every write waits for its task, so "indexed" means searchable. */
export function createMeilisearchEngine(opts: MeiliOptions): SearchEngine {
  const client = new Meilisearch({ host: opts.url, apiKey: opts.apiKey, timeout: 10_000 });
  const index = client.index<Record<string, unknown>>(opts.indexUid ?? 'kb_articles');
  const wait = { timeout: opts.taskTimeoutMs ?? 30_000, interval: 25 };

  const settle = async (p: { waitTask: (o: typeof wait) => Promise<Task> }, what: string, tolerate?: string) => {
    const task = await guard(() => p.waitTask(wait));
    if (task.status !== 'succeeded' && task.error?.code !== tolerate) {
      throw new Error(`Meilisearch ${what} ${task.status}: ${task.error?.message ?? 'no detail'}`);
    }
  };

  return {
    name: 'meilisearch',
    async init() {
      await settle(client.createIndex(index.uid, { primaryKey: 'id' }), 'create index', 'index_already_exists');
      await settle(index.updateSettings(meiliSettings), 'settings update');
    },
    async index(docs) {
      if (docs.length) await settle(index.addDocuments(docs.map(toMeili), { primaryKey: 'id' }), 'document addition');
    },
    async remove(ids) {
      if (ids.length) await settle(index.deleteDocuments(ids), 'document deletion');
    },
    async clear() {
      await settle(index.deleteAllDocuments(), 'clear');
    },
    async setSynonyms(groups) {
      await settle(index.updateSynonyms(synonymMap(groups)), 'synonyms update');
    },
    async search(req): Promise<SearchResult> {
      const started = performance.now();
      const res = await guard(() =>
        index.search(compactQuery(req.q), {
          filter: filterExpression(req.filters ?? {}),
          limit: Math.min(Math.max(req.limit ?? 10, 1), 100),
          offset: req.offset ?? 0,
          attributesToHighlight: ['title'],
          attributesToCrop: ['symptoms', 'body'],
          cropLength: 30,
          cropMarker: '…',
          highlightPreTag: PRE,
          highlightPostTag: POST,
          showRankingScore: true,
          matchingStrategy: 'frequency',
        }),
      );
      const hits: SearchHit[] = res.hits.map((h) => {
        const f = (h._formatted ?? {}) as Record<string, string | undefined>;
        const sym = fromMarkers(f.symptoms ?? '');
        const body = fromMarkers(f.body ?? '');
        return {
          id: String(h.id),
          score: Number(h._rankingScore ?? 0),
          title: fromMarkers(f.title ?? String(h.title ?? '')),
          snippet: sym.ranges.length || !body.ranges.length ? (sym.text ? sym : body) : body,
        };
      });
      return { hits, total: res.estimatedTotalHits ?? hits.length, tookMs: Math.round(performance.now() - started) };
    },
    async health() {
      try {
        const h = await client.health();
        const stats = await index.getStats();
        return { ok: h.status === 'available', engine: 'meilisearch', documents: stats.numberOfDocuments };
      } catch (err) {
        return { ok: false, engine: 'meilisearch', detail: (err as Error).message };
      }
    },
  };
}

/** Strips our marker characters from indexed text so a document can never fake a highlight. */
function toMeili(d: SearchDocument): Record<string, unknown> {
  const clean = (s: string) => s.replace(markers, '');
  return { ...d, title: clean(d.title), symptoms: clean(d.symptoms), body: clean(d.body) };
}

/** Turns Meilisearch's tagged text into plain text plus ranges. */
export function fromMarkers(tagged: string): Highlighted {
  let text = '';
  const ranges: Array<[number, number]> = [];
  let open = -1;
  for (const ch of tagged) {
    if (ch === PRE) open = text.length;
    else if (ch === POST && open >= 0) {
      ranges.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, ranges };
}

/** Network failures mean "engine down"; API errors (bad filter...) stay what they are. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MeilisearchApiError) throw err;
    throw new SearchUnavailableError(`Meilisearch unreachable: ${(err as Error).message}`, { cause: err });
  }
}
