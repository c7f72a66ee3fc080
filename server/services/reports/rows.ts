import { sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';

/** Rows of a raw `db.execute()` result: both drivers (PGlite, node-postgres) return `{ rows }`. */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Runs one report query read-only with JIT off. PostgreSQL's JIT compiles these large one-off plans for
 * seconds before running them: 20 000 tickets over 90 days took 4.9 s for the times report with JIT and
 * 1.8 s without (PGlite has no JIT; the setting is accepted and changes nothing there).
 */
export function runReportSql(ctx: ServiceContext, query: SQL): Promise<unknown> {
  return ctx.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return tx.execute(query);
    },
    { accessMode: 'read only' },
  );
}
