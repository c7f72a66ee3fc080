import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { staticRoutes } from '../../../server/routes/static.ts';

function buildDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-web-'));
  mkdirSync(path.join(dir, '_app/immutable'), { recursive: true });
  writeFileSync(path.join(dir, '200.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, '_app/immutable/entry.abc123.js'), 'console.log(1)');
  return dir;
}

describe('console static routes', () => {
  const app = new Hono().route('/', staticRoutes(buildDir()));

  it('serves the SPA page for deep links so a reload keeps the page', async () => {
    for (const p of ['/', '/tickets/42', '/admin/users']) {
      const res = await app.request(p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.request('/_app/immutable/entry.abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing asset or file with 404 instead of the SPA page', async () => {
    expect((await app.request('/_app/immutable/gone.js')).status).toBe(404);
    expect((await app.request('/widget.js')).status).toBe(404);
    expect((await app.request('/favicon.png')).status).toBe(404);
  });
});
