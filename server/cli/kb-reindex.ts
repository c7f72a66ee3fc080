import { reindexAll } from '../../knowledge-base/indexing/reindex.ts';
import { searchEngine } from '../../knowledge-base/search/select.ts';
import { fail, openCliContext } from './cli-context.ts';
import { progressBar } from './progress-bar.ts';

/** `npm run kb:reindex`: rebuilds the knowledge-base search index (Meilisearch when MEILI_URL is set, else Postgres). */
async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    return console.log(
      'Usage: npm run kb:reindex\n  Rebuilds the search index from the articles (engine chosen by MEILI_URL, database by DATABASE_URL or DATA_DIR).',
    );
  }
  const { database, ctx } = await openCliContext({ poolSize: 4, whileRunning: 'Stop it and run this again.' });
  try {
    const engine = searchEngine(ctx);
    const bar = progressBar(`Reindexing (${engine.name})`);
    const { indexed } = await reindexAll(ctx, engine, { onProgress: (done, total) => bar.update(done, total) });
    bar.done(`Indexed ${indexed} article${indexed === 1 ? '' : 's'} into ${engine.name}.`);
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(`Reindex failed: ${err instanceof Error ? err.message : String(err)}`));
