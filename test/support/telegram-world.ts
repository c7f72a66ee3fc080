import { afterAll, afterEach, beforeAll } from 'vitest';
import { TelegramChannel } from '../../channels/telegram/channel.ts';
import type { TestContext } from './context.ts';
import { contextWorld, type Env } from './context-world.ts';
import { late } from './late.ts';
import { TelegramApi } from './telegram-api.ts';

// Apart from test/support/telegram.ts on purpose: that module's payload helpers serve database-free tests too, and a
// test/ module that opens a database makes every file importing it run on PostgreSQL as well (database-files.ts).

/** The Bot API stand-in for the whole file: started in beforeAll, closed in afterAll; its `apiRoot` is the server's. */
export function telegramApiStandIn(): TelegramApi {
  const api = late<TelegramApi>('telegramApiStandIn()');
  beforeAll(async () => api.set(await TelegramApi.start()));
  afterAll(async () => api.get()?.close());
  return api.value;
}

export interface TelegramWorld {
  t: TestContext;
  api: TelegramApi;
  /** Runs the Telegram adapter on `t` against the stand-in (long polling); every one started is stopped after the test. */
  startChannel(): Promise<TelegramChannel>;
}

/** A service context on a fresh database (emptied before each test), the Bot API stand-in, and running bots. */
export function telegramWorld(env: Env = {}): TelegramWorld {
  const { t } = contextWorld(env);
  const api = telegramApiStandIn();
  const started: TelegramChannel[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((c) => c.stop()));
  });
  return {
    t,
    api,
    async startChannel() {
      const channel = new TelegramChannel(t.ctx, { apiRoot: api.apiRoot, pollTimeoutSeconds: 2, syncIntervalMs: 60_000 });
      started.push(channel);
      await channel.start();
      return channel;
    },
  };
}
