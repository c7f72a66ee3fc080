import { inboxSchemas } from '../../channels/inbox-schemas.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { ServiceContext } from '../context.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/dir-lock.ts';
import { EventBus } from '../events.ts';
import { createLogger } from '../logger.ts';
import { createSecretBox, resolveSecretKey } from '../security/secret-box.ts';

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

export interface CliContext {
  config: Config;
  database: Database;
  ctx: ServiceContext;
}

/**
 * Config, migrated database and a service context for a one-shot command, opened exactly as the server opens
 * them. A bad setting exits 78; a running server on the same embedded database exits 1 with `whileRunning` advice.
 */
export async function openCliContext(opts: { poolSize: number; whileRunning: string }): Promise<CliContext> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 78);
    throw err;
  }
  let database: Database;
  try {
    database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: opts.poolSize });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      fail(
        `Switchboard is running on this data directory (${config.DATA_DIR}, pid ${err.pid}); the embedded database ` +
          `allows one process at a time. ${opts.whileRunning}`,
      );
    }
    throw err;
  }
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  const ctx: ServiceContext = {
    db: database.db,
    driver: database.driver,
    config,
    log: createLogger('silent'),
    events: new EventBus(),
    secrets: createSecretBox(resolveSecretKey(config.SECRET_KEY, config.DATA_DIR)),
    inboxSchemas,
    now: () => new Date(),
  };
  return { config, database, ctx };
}
