import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ServiceContext } from './context.ts';
import { ServiceError } from './errors.ts';
import type { AppEnv } from './routes/env.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health.ts';
import { onError } from './routes/on-error.ts';
import { requestId } from './routes/middleware/request-id.ts';
import { refuseUnstorable } from './routes/middleware/refuse-unstorable.ts';
import { csp } from './routes/middleware/csp.ts';
import { apiRoutes } from './routes/api.ts';
import { widgetRoutes } from './routes/widget.ts';
import { helpCenterRoutes } from './routes/help-center/index.ts';
import { csatPageRoutes } from './routes/csat-page/index.ts';

export interface AppOptions {
  readinessChecks?: ReadinessCheck[];
  /** Mounted before the SPA fallback: webhooks, widget script, help center. */
  extraRoutes?: (app: Hono<AppEnv>) => void;
  /** Serves the built console for every other GET (absent in API-only tests). */
  staticRoutes?: Hono<AppEnv>;
}

/** The HTTP application: middleware, /api, health, then static pages. No listening port (tests use app.request). */
export function createApp(ctx: ServiceContext, opts: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError(ctx.log));
  app.use('*', requestId(ctx.log));
  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: false }));
  app.use('*', csp);
  // The chat widget's public HTTP: before /api's body limit (uploads have their own) and session authentication.
  app.route('/api/widget', widgetRoutes(ctx));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: ctx.config.MAX_BODY_BYTES,
      onError: () => {
        throw new ServiceError('PAYLOAD_TOO_LARGE', `Request body over ${ctx.config.MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use('/api/*', refuseUnstorable);
  app.route('/', healthRoutes(ctx, opts.readinessChecks));
  app.route('/api', apiRoutes(ctx));
  app.all('/api/*', (c) => {
    throw new ServiceError('NOT_FOUND', `No API route ${c.req.method} ${c.req.path}`);
  });
  // The public help center is server-rendered (real 404s, no sign-in, no script); it must never fall through to the SPA.
  app.route('/help', helpCenterRoutes(ctx));
  // Survey links from emails: server-rendered, no sign-in; GET shows, only the page's POST records.
  app.route('/csat', csatPageRoutes(ctx));
  opts.extraRoutes?.(app);
  if (opts.staticRoutes) app.route('/', opts.staticRoutes);
  return app;
}
export type App = ReturnType<typeof createApp>;
