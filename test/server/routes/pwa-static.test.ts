import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { staticRoutes } from '../../../server/routes/static.ts';

function buildDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-pwa-'));
  mkdirSync(path.join(dir, 'icons'));
  writeFileSync(path.join(dir, '200.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, 'sw.js'), "self.addEventListener('push', () => {});");
  writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Switchboard"}');
  writeFileSync(path.join(dir, 'icons/icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return dir;
}

describe('the console as an installable app', () => {
  const app = new Hono().route('/', staticRoutes(buildDir()));

  it('serves the service worker as JavaScript, never cached stale, allowed to control the whole console', async () => {
    const res = await app.request('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('service-worker-allowed')).toBe('/');
  });

  it('serves the manifest and icons with their types', async () => {
    const manifest = await app.request('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
    expect((await app.request('/icons/icon-192.png')).headers.get('content-type')).toBe('image/png');
  });
});

describe('the built console', () => {
  it('ships a manifest whose icons exist, starting at the inbox, and a service worker that handles push', () => {
    const staticDir = path.join(import.meta.dirname, '../../../web/static');
    const manifest = JSON.parse(readFileSync(path.join(staticDir, 'manifest.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({ start_url: '/inbox', scope: '/', display: 'standalone' });
    for (const icon of manifest.icons) expect(existsSync(path.join(staticDir, icon.src))).toBe(true);
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const sw = readFileSync(path.join(staticDir, 'sw.js'), 'utf8');
    expect(sw).toContain("addEventListener('push'");
    expect(sw).toContain("addEventListener('notificationclick'");
  });
});
