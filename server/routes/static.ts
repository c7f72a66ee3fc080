import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { runtimePaths } from '../paths.ts';
import type { AppEnv } from './env.ts';

export const defaultConsoleBuild = runtimePaths.consoleBuild;

/**
 * The console SPA: hashed assets cached for a year, a real 404 for a missing asset, and the SPA page for
 * every other GET so deep links work.
 */
export function staticRoutes(buildDir = defaultConsoleBuild) {
  const app = new Hono<AppEnv>();
  const spaPage = path.join(buildDir, '200.html');
  app.use('/_app/immutable/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // The service worker is always checked for updates, and may control the whole console (scope /).
  app.use('/sw.js', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    c.header('Cache-Control', 'no-cache');
    c.header('Service-Worker-Allowed', '/');
  });
  app.use('*', serveStatic({ root: buildDir }));
  app.get('/_app/*', (c) => c.text('Not found', 404));
  // A missing file (anything with an extension) is a 404, not the SPA page served as script or image.
  app.get('*', async (c, next) => (/\.[\w]+$/.test(c.req.path) ? c.text('Not found', 404) : next()));
  app.get('*', (c) => {
    if (!existsSync(spaPage)) {
      return c.text('The console is not built yet: run `npm run build` (npm start does it for you).', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(spaPage, 'utf8'));
  });
  return app;
}
