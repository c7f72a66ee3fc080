import { configDefaults, defineConfig } from 'vitest/config';
import { filesOpeningDatabase } from './test/support/database-files.ts';
import { SlowFirstSequencer } from './test/support/sequencer.ts';

// Database-backed tests run twice: on embedded PGlite always, and on PostgreSQL when TEST_DATABASE_URL is set. Files
// that never open a database run once (browser tests, which exercise the console rather than the database, too).
const dbTests = filesOpeningDatabase().filter((f) => /^test\/(server|channels|knowledge-base)\//.test(f));
// Several app nodes need a database they can share across processes, and the fault tests (kill -9, PostgreSQL
// restart, Redis down) run app nodes on PostgreSQL; the concurrency tests hold several transactions open at once
// (PGlite has one connection): PostgreSQL only.
const postgresOnly = ['test/server/scale-out/**', 'test/server/faults/**', 'test/server/concurrency/**'];

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI) {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI (see .ci/run).');
}
if (!pgUrl) {
  console.warn(
    '[switchboard] TEST_DATABASE_URL is not set: the PostgreSQL project is skipped; tests run on PGlite only (test/server/scale-out, faults and concurrency, which need PostgreSQL, do not run).',
  );
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...postgresOnly],
          env: { TEST_DB_ENGINE: 'pglite' },
        },
      },
      ...(pgUrl ? [{ extends: true as const, test: { name: 'postgres', include: dbTests, env: { TEST_DB_ENGINE: 'postgres' } } }] : []),
    ],
  },
});
