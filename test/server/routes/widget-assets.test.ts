import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxes } from '../../../server/db/schema/index.ts';
import { widgetAssetRoutes } from '../../../server/routes/widget-assets.ts';
import { contextWorld } from '../../support/context-world.ts';

const { t } = contextWorld();
const dir = mkdtempSync(path.join(tmpdir(), 'sb-widget-'));
const bundle = path.join(dir, 'widget.js');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GET /widget.js', () => {
  it('says how to build it when it is not built', async () => {
    const res = await widgetAssetRoutes(t.ctx, path.join(dir, 'missing.js')).request('/widget.js');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('serves the script gzipped with a short cache and an ETag, answers 304 to a revalidation, and notices a rebuild', async () => {
    writeFileSync(bundle, '(function(){console.log("widget v1")})();');
    const app = widgetAssetRoutes(t.ctx, bundle);
    const res = await app.request('/widget.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('max-age=300');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toContain('widget v1');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);

    const again = await app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const plain = await app.request('/widget.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('widget v1');

    writeFileSync(bundle, '(function(){console.log("widget v2")})();');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toContain('widget v2');
  });
});

describe('GET /widget-demo', () => {
  it('embeds the first enabled widget inbox with one script tag', async () => {
    const now = Date.now();
    await t.ctx.db.insert(inboxes).values([
      { channel: 'widget', name: 'Switched off', enabled: false, createdAt: new Date(now - 3_000) },
      { channel: 'email', name: 'Mail', createdAt: new Date(now - 2_000) },
      { channel: 'widget', name: 'Shop chat', createdAt: new Date(now - 1_000) },
      { channel: 'widget', name: 'Later chat', createdAt: new Date(now) },
    ]);
    const [shop] = await t.ctx.db.select().from(inboxes).where(eq(inboxes.name, 'Shop chat'));
    const res = await widgetAssetRoutes(t.ctx, bundle).request('/widget-demo');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<script src="/widget.js" data-inbox="${shop!.id}" async></script>`);
    expect(html).toContain('Shop chat');
    expect(html).toContain(`&#60;script src=&#34;http://localhost/widget.js&#34; data-inbox=&#34;${shop!.id}&#34; async&#62;`);
    expect(html).not.toContain('data-testid="demo-no-inbox"');
  });

  it('says how to create a widget inbox when there is none', async () => {
    const html = await (await widgetAssetRoutes(t.ctx, bundle).request('/widget-demo')).text();
    expect(html).toContain('data-testid="demo-no-inbox"');
    expect(html).toContain('Admin → Widget');
    expect(html).not.toContain('<script src="/widget.js"');
  });

  it('escapes the inbox name', async () => {
    await t.ctx.db.insert(inboxes).values({ channel: 'widget', name: '<img src=x onerror=alert(1)>' });
    const html = await (await widgetAssetRoutes(t.ctx, bundle).request('/widget-demo')).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
