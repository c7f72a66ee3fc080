import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inboxSchemas } from '../../channels/inbox-schemas.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { ServiceContext } from '../../server/context.ts';
import { EventBus, type DomainEvent } from '../../server/events.ts';
import { createLogger } from '../../server/logger.ts';
import { createSecretBox } from '../../server/security/secret-box.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestContext {
  ctx: ServiceContext;
  database: TestDatabase;
  /** Every domain event published since the last reset, in order. */
  published: DomainEvent[];
  /** Real time plus an offset the test moves; `ctx.now()` reads it. */
  clock: { offsetMs: number; advance(ms: number): void; set(at: Date): void };
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** `database`: one the test opened itself (e.g. on its own PostgreSQL server) instead of a fresh test database. */
export async function createTestContext(env: Record<string, string> = {}, given?: TestDatabase): Promise<TestContext> {
  const database = given ?? (await createTestDatabase());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-test-'));
  const config: Config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const events = new EventBus();
  const published: DomainEvent[] = [];
  for (const name of ['ticket.created', 'ticket.updated', 'message.created', 'message.status'] as const) {
    events.on(name, (data) => published.push({ name, data } as DomainEvent));
  }
  const clock = {
    offsetMs: 0,
    advance(ms: number) {
      clock.offsetMs += ms;
    },
    set(at: Date) {
      clock.offsetMs = at.getTime() - Date.now();
    },
  };
  const ctx: ServiceContext = {
    db: database.db,
    driver: database.driver,
    config,
    log: createLogger('silent'),
    events,
    secrets: createSecretBox('test-secret-key-test-secret-key-0123'),
    inboxSchemas,
    now: () => new Date(Date.now() + clock.offsetMs),
  };
  return {
    ctx,
    database,
    published,
    clock,
    async reset() {
      await database.reset();
      published.length = 0;
      clock.offsetMs = 0;
    },
    async close() {
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
