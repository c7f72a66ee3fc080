/**
 * Suggestion latency on a large knowledge base: `npm run bench:kb -- [--articles 50000] [--tickets 200]`.
 * Engine: Meilisearch when MEILI_URL is set, else Postgres (on DATABASE_URL, else in-memory PGlite).
 * Articles are derived from the relevance fixture (model, version and sentence mix varied) so the
 * vocabulary and the English/Chinese mix stay realistic; tickets come from the fixture's queries.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inboxSchemas } from '../channels/inbox-schemas.ts';
import { reindexAll } from '../knowledge-base/indexing/reindex.ts';
import { searchEngine } from '../knowledge-base/search/select.ts';
import { suggestForTicket } from '../knowledge-base/suggest/suggest-for-ticket.ts';
import { loadConfig } from '../server/config.ts';
import type { ServiceContext } from '../server/context.ts';
import { openDatabase } from '../server/db/client.ts';
import { kbArticles } from '../server/db/schema/index.ts';
import { EventBus } from '../server/events.ts';
import { createLogger } from '../server/logger.ts';
import { createSecretBox } from '../server/security/secret-box.ts';
import { ingest } from '../server/services/tickets/ingest.ts';
import { progressBar } from '../server/cli/progress-bar.ts';

type Fixture = {
  slug: string;
  locale: 'en' | 'zh-CN';
  kind: 'how-to' | 'faq' | 'defect';
  product: string;
  title: string;
  symptoms: string;
  body: string;
  cause: string;
  workaround: string;
  tags: string[];
};
const { values: args } = parseArgs({
  options: { articles: { type: 'string', default: '50000' }, tickets: { type: 'string', default: '200' } },
});
const N = Number(args.articles);
const T = Number(args.tickets);
const dir = path.join(import.meta.dirname, '../test/fixtures/kb');
const fixtures = (JSON.parse(readFileSync(path.join(dir, 'articles.json'), 'utf8')) as { articles: Fixture[] }).articles;
const queries = (JSON.parse(readFileSync(path.join(dir, 'queries.json'), 'utf8')) as { queries: Array<{ q: string }> }).queries.map(
  (q) => q.q,
);

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
const sentences = (s: string) => s.split(/(?<=[.!?。！？])\s*/).filter(Boolean);

function variant(i: number) {
  const base = fixtures[i % fixtures.length]!;
  const other = pick(fixtures.filter((f) => f.locale === base.locale));
  const model = `${pick(['X', 'S', 'M', 'Pro ', 'Mini '])}${100 + Math.floor(rand() * 900)}`;
  const version = `${1 + Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`;
  const status = rand() < 0.9 ? 'published' : rand() < 0.5 ? 'draft' : 'archived';
  return {
    slug: `${base.slug}-${i}`,
    locale: base.locale,
    kind: base.kind,
    product: `${base.product} ${model}`,
    title: `${base.title} (${model}, ${version})`,
    symptoms: base.symptoms,
    body: [base.body, pick(sentences(other.body).concat(sentences(other.symptoms)))].join(' '),
    cause: base.cause,
    workaround: base.workaround,
    affectedVersions: [version],
    tags: base.tags,
    status: status as 'published' | 'draft' | 'archived',
    visibility: (rand() < 0.8 ? 'public' : 'internal') as 'public' | 'internal',
  };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: os.tmpdir() } as Record<string, string>);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: os.tmpdir(), memory: !config.DATABASE_URL, poolSize: 4 });
  await database.migrate();
  const ctx: ServiceContext = {
    db: database.db,
    driver: database.driver,
    config,
    log: createLogger('silent'),
    events: new EventBus(),
    secrets: createSecretBox('bench-secret-key-bench-secret-key-00'),
    inboxSchemas,
    now: () => new Date(),
  };
  const engine = searchEngine(ctx);
  const where = engine.name === 'meilisearch' ? config.MEILI_URL : database.driver === 'pg' ? 'PostgreSQL' : 'PGlite (in memory)';
  console.error(`Engine ${engine.name} on ${where}; ${N} articles, ${T} tickets`);

  await ctx.db.delete(kbArticles);
  const load = progressBar('Inserting articles');
  for (let i = 0; i < N; i += 1000) {
    await ctx.db.insert(kbArticles).values(Array.from({ length: Math.min(1000, N - i) }, (_, k) => variant(i + k)));
    load.update(Math.min(N, i + 1000), N);
  }
  load.done('inserted');
  const bar = progressBar('Indexing');
  const t0 = performance.now();
  await reindexAll(ctx, engine, { batchSize: 1000, onProgress: (d, n) => bar.update(d, n) });
  const indexSecs = (performance.now() - t0) / 1000;
  bar.done(`indexed in ${indexSecs.toFixed(1)} s (${Math.round(N / indexSecs)} articles/s)`);

  const tickets: string[] = [];
  for (let i = 0; i < T; i++) {
    const q = queries[i % queries.length]!;
    const r = await ingest(ctx, {
      channel: 'api',
      threadKey: `bench-${i}-${Date.now()}`,
      externalMessageId: `bench-${i}-${Date.now()}`,
      sender: { externalId: `bench-${i}@example.com` },
      subject: q.slice(0, 60),
      text: q,
    });
    tickets.push(r.ticketId);
  }
  await suggestForTicket(ctx, tickets[0]!); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (const id of tickets) {
    const s = performance.now();
    const res = await suggestForTicket(ctx, id);
    ms.push(performance.now() - s);
    if (res.status === 'ok' && res.suggestions.length) found++;
  }
  ms.sort((a, b) => a - b);
  const row = {
    engine: `${engine.name} (${where})`,
    articles: N,
    suggestions: T,
    p50: pct(ms, 50).toFixed(1),
    p95: pct(ms, 95).toFixed(1),
    p99: pct(ms, 99).toFixed(1),
    max: ms.at(-1)!.toFixed(1),
    withResults: `${found}/${T}`,
    indexRate: `${Math.round(N / indexSecs)}/s`,
  };
  console.log(JSON.stringify(row));
  console.log(`| ${row.engine} | ${N} | ${row.p50} ms | ${row.p95} ms | ${row.p99} ms | ${row.withResults} | ${row.indexRate} |`);
  await ctx.db.delete(kbArticles);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
