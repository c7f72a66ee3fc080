import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { EventBus } from './events.ts';
import type { Logger } from './logger.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { InboxSchemaCatalog } from './services/inboxes/settings-schemas.ts';

/** What every domain verb may use. Built once in main.ts (or a test harness) and passed down. */
export interface ServiceContext {
  db: Db;
  driver: 'pglite' | 'pg';
  config: Config;
  log: Logger;
  events: EventBus;
  /** Seals and opens secrets stored in the database (keyed by SECRET_KEY). */
  secrets: SecretBox;
  /** Each channel's inbox settings and secrets schemas (channels/inbox-schemas.ts): the domain imports no channel. */
  inboxSchemas: InboxSchemaCatalog;
  now: () => Date;
}
