import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { ServiceContext } from '../context.ts';

export interface ReadinessCheck {
  name: string;
  /** Without it the node still serves (Redis fan-out): failing makes it `degraded`, not unready. */
  optional?: boolean;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/**
 * /healthz: the process answers (liveness; never looks at dependencies). /readyz: 200 `ready`; 200 `degraded`
 * when only an optional dependency is down (Redis: the node serves its own sockets, so a load balancer keeps
 * it); 503 `unavailable` when a required one is (the database). `checks` names each and what is wrong.
 */
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
      const ready = results.every((r) => r.ok || checks.find((ch) => ch.name === r.name)?.optional);
      const status = !ready ? 'unavailable' : results.every((r) => r.ok) ? 'ready' : 'degraded';
      return c.json({ status, checks: results }, ready ? 200 : 503);
    });
}
