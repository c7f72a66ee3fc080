import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureWidgetBuilt } from '../../../support/widget-build.ts';

/** What a site pays to embed the chat, socket.io-client included (Chatwoot's and Intercom's loaders are far bigger). */
const BUDGET_GZIPPED_BYTES = 40 * 1024;

describe('the built widget', () => {
  it(`is one self-contained script within ${BUDGET_GZIPPED_BYTES / 1024} KB gzipped`, { timeout: 180_000 }, () => {
    const file = ensureWidgetBuilt();
    expect(readdirSync(path.dirname(file))).toEqual(['widget.js']);
    const code = readFileSync(file);
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.info(
      `widget.js: ${(code.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_GZIPPED_BYTES / 1024} KB)`,
    );
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIPPED_BYTES);
    const text = code.toString('utf8');
    // No chunks, stylesheets or fonts fetched later: nothing but the socket and the widget's own HTTP calls.
    expect(text).not.toMatch(/\bimport\(|\.css["']|@import|sourceMappingURL/);
    // Svelte's development runtime (ownership checks, long warnings) stays out: built with NODE_ENV=production.
    expect(text).not.toContain('ownership_invalid_binding');
  });
});
