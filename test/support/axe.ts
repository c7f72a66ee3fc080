import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core (evaluated in the page, no browser extension) over the page as it is now, open shadow roots included,
 * and returns its serious and critical violations as "rule (impact): help" lines, each with the nodes it found.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Browser code as strings: the tests compile without the DOM's types.
  // Evaluated over the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy refuses inline script.
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.evaluate(source);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}`)
          .join('\n'),
    );
}
