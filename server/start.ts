import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { bootstrapEmailInbox } from '../channels/email/bootstrap.ts';
import { createEmailChannel } from '../channels/email/channel.ts';
import { createTelegramChannel } from '../channels/telegram/index.ts';
import { createApiAdapter } from '../channels/api/adapter.ts';
import { createWidgetChannel } from '../channels/widget/channel.ts';
import { inboxSchemas } from '../channels/inbox-schemas.ts';
import type { ChannelRegistry } from '../channels/types.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { ServiceContext } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { EventBus } from './events.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectRedisFanOut, redisReadiness, type RedisFanOut } from './realtime/redis.ts';
import { createRealtime, type Realtime } from './realtime/server.ts';
import { staticRoutes } from './routes/static.ts';
import { widgetAssetRoutes } from './routes/widget-assets.ts';
import { createSecretBox, resolveSecretKey } from './security/secret-box.ts';
import { bootstrapWidgetInbox } from './services/inboxes/bootstrap-widget-inbox.ts';
import { startKnowledgeBase } from '../knowledge-base/start.ts';
import { outboxHandlers } from './workers/outbox-handlers.ts';
import { createOutboxWorker } from './workers/outbox-worker.ts';
import { createRoutingProcessor } from './workers/routing-processor.ts';
import { createSlaScheduler } from './workers/sla-scheduler.ts';
import { createTicketTimers } from './workers/ticket-timers.ts';
import { createAutomationSweeper } from './workers/automation-sweeper.ts';
import { createWebhookWorker } from './workers/webhook-worker.ts';

export interface RunningServer {
  ctx: ServiceContext;
  http: ServerType;
  /** Socket.IO: the console's /agents namespace; channels add theirs to `realtime.io`. */
  realtime: Realtime;
  /** The adapters the outbox delivers through (and asks for ratings through). */
  channels: ChannelRegistry;
  url: string;
  port: number;
  /** Stops channels and workers first, then HTTP, then the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Tests pass an already-open database (e.g. in-memory PGlite); otherwise config decides. */
  database?: Database;
  log?: Logger;
  now?: () => Date;
  /** Replaces channel adapters (tests); the rest come from configuration. */
  channels?: Partial<ChannelRegistry>;
}

/** Composition: db + migrations -> services -> http (+ realtime) -> channels -> workers. Used by main.ts and tests. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database =
    opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE }));
  await database.migrate();
  log.info({ driver: database.driver }, 'database ready');

  const ctx: ServiceContext = {
    db: database.db,
    driver: database.driver,
    config,
    log,
    events: new EventBus(),
    secrets: createSecretBox(resolveSecretKey(config.SECRET_KEY, config.DATA_DIR)),
    inboxSchemas,
    now: opts.now ?? (() => new Date()),
  };
  // Started in order, stopped in reverse: workers and channels register here.
  const stops: Array<() => Promise<void>> = [];

  const telegram = createTelegramChannel(ctx);
  let redis: RedisFanOut | null = null;
  const app = createApp(ctx, {
    readinessChecks: config.REDIS_URL ? [redisReadiness(() => redis)] : [],
    staticRoutes: staticRoutes(),
    // /widget.js and /widget-demo sit before the SPA fallback, beside the Telegram webhook.
    extraRoutes: (root) => {
      telegram.mountRoutes(root);
      root.route('/', widgetAssetRoutes(ctx));
    },
  });
  const http = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve);
    http.once('error', reject);
  });
  const port = (http.address() as AddressInfo).port;
  redis = config.REDIS_URL ? await connectRedisFanOut(config.REDIS_URL, config.REDIS_PREFIX, log) : null;
  const realtime = createRealtime(ctx, http, redis);
  stops.push(() => realtime.close());
  stops.push(await startKnowledgeBase(ctx));
  // After listening: in webhook mode Telegram starts posting as soon as the webhook is registered.
  await telegram.start();
  stops.push(() => telegram.stop());
  await bootstrapEmailInbox(ctx);
  // After the email inbox, so a fresh install lists its mailbox first.
  await bootstrapWidgetInbox(ctx);
  const email = createEmailChannel(ctx);
  await email.start();
  stops.push(() => email.stop());
  // One adapter per channel; email, telegram and widget are filled in as those channels are configured.
  // The chat widget's /widget namespace; replies to a visitor who left go out by email too.
  const widget = createWidgetChannel(ctx, realtime.io, { email: () => channels.email });
  stops.push(() => widget.stop());
  const channels: ChannelRegistry = {
    api: createApiAdapter(),
    email: email.adapter,
    telegram: telegram.adapter,
    widget: widget.adapter,
    ...opts.channels,
  };
  const outboxWorker = createOutboxWorker(ctx, { handlers: outboxHandlers(ctx, { channels, alertMailer: email.alertMailer }) });
  outboxWorker.start();
  stops.push(() => outboxWorker.stop());
  // Queues drain as seats free up; SLA warnings and breaches fire on time; escalated tickets join their new queue.
  const routing = createRoutingProcessor(ctx, { onTicketCreated: () => outboxWorker.kick() });
  routing.start();
  stops.push(() => routing.stop());
  const sla = createSlaScheduler(ctx, { onEscalatedTo: (teamId) => routing.request(teamId) });
  sla.start();
  stops.push(() => sla.stop());
  // Snoozed tickets come back and resolved ones close on time, also after a restart.
  const timers = createTicketTimers(ctx);
  timers.start();
  stops.push(() => timers.stop());
  // Time rules (automation), on every node: each period of each ticket fires once, recorded.
  const automation = createAutomationSweeper(ctx);
  automation.start();
  stops.push(() => automation.stop());
  // Outbound webhooks, on every node: each claims its own due deliveries.
  const webhooks = createWebhookWorker(ctx);
  webhooks.start();
  stops.push(() => webhooks.stop());

  let closed = false;
  return {
    ctx,
    http,
    realtime,
    channels,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stops.reverse()) await stop().catch((err) => log.error({ err }, 'stop failed'));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (!opts.database) await database.close();
    },
  };
}
