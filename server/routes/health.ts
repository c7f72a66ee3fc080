import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { ServiceContext } from '../context.ts';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** /healthz: the process answers. /readyz: its dependencies answer too (503 names what is down). */
export function healthRoutes(ctx: ServiceContext, extraChecks: ReadinessCheck[] = []) {
  const checks: ReadinessCheck[] = [
    {
      name: 'database',
      async check() {
        await ctx.db.execute(sql`select 1`);
        return { ok: true, detail: ctx.driver };
      },
    },
    ...extraChecks,
  ];
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const results = await Promise.all(
        checks.map(async (ch) => {
          try {
            return { name: ch.name, ...(await ch.check()) };
          } catch (err) {
            return { name: ch.name, ok: false, detail: (err as Error).message };
          }
        }),
      );
      const ok = results.every((r) => r.ok);
      return c.json({ status: ok ? 'ready' : 'unavailable', checks: results }, ok ? 200 : 503);
    });
}
