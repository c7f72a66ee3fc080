import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { ServiceContext } from '../context.ts';
import { inboxes } from '../db/schema/index.ts';
import { runtimePaths } from '../paths.ts';
import { isUuid } from '../services/is-uuid.ts';
import type { AppEnv } from './env.ts';
import { widgetDemoPage } from './widget-demo-page.ts';

export const defaultWidgetBundle = runtimePaths.widgetBundle;

interface Bundle {
  mtimeMs: number;
  etag: string;
  plain: Buffer;
  gzip: Buffer;
}

/** The built script, re-read only when the file changes (a rebuild while the server runs is picked up). */
function bundleLoader(file: string) {
  let cached: Bundle | null = null;
  return (): Bundle | null => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const plain = readFileSync(file);
      const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`;
      cached = { mtimeMs, etag, plain, gzip: gzipSync(plain, { level: 9 }) };
    }
    return cached;
  };
}

/**
 * GET /widget.js (the embeddable chat; any site may load it, so a short cache plus an ETag lets a new release
 * reach every site within minutes) and GET /widget-demo (a sample company page embedding it).
 */
export function widgetAssetRoutes(ctx: ServiceContext, bundleFile = defaultWidgetBundle) {
  const app = new Hono<AppEnv>();
  const load = bundleLoader(bundleFile);

  app.get('/widget.js', (c) => {
    const bundle = load();
    if (!bundle) return c.text('The chat widget is not built yet: run `npm run build` (npm start does it for you).', 503);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    c.header('ETag', bundle.etag);
    c.header('Vary', 'Accept-Encoding');
    c.header('Access-Control-Allow-Origin', '*');
    const seen = c.req
      .header('if-none-match')
      ?.split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (seen?.includes(bundle.etag) || seen?.includes('*')) return c.body(null, 304);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(new Uint8Array(bundle.gzip));
    }
    return c.body(new Uint8Array(bundle.plain));
  });

  app.get('/widget-demo', async (c) => {
    const wanted = c.req.query('inbox');
    const rows = await ctx.db
      .select({ id: inboxes.id, name: inboxes.name })
      .from(inboxes)
      .where(and(eq(inboxes.channel, 'widget'), eq(inboxes.enabled, true), ...(wanted && isUuid(wanted) ? [eq(inboxes.id, wanted)] : [])))
      .orderBy(asc(inboxes.createdAt), asc(inboxes.id))
      .limit(1);
    c.header('Cache-Control', 'no-store');
    // The snippet to copy names this server as the browser reached it (or PUBLIC_URL behind a proxy).
    return c.html(
      widgetDemoPage(rows[0] ?? null, ctx.config.PUBLIC_URL ? new URL(ctx.config.PUBLIC_URL).origin : new URL(c.req.url).origin),
    );
  });

  return app;
}
