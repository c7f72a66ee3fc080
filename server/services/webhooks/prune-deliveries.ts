import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { rowsOf } from './enqueue-call.ts';

/** How long a settled delivery (and its attempt log) stays in the console's delivery log. */
export const DELIVERY_LOG_DAYS = 30;

/**
 * Deletes delivered and given-up deliveries older than the log keeps (their payloads hold customer data), a batch at
 * a time; pending ones stay whatever their age. Returns how many went.
 */
export async function pruneDeliveries(ctx: ServiceContext, batch = 1000): Promise<number> {
  const before = new Date(ctx.now().getTime() - DELIVERY_LOG_DAYS * 86_400_000).toISOString();
  const result = await ctx.db.execute(sql`
    delete from webhook_deliveries where id in (
      select id from webhook_deliveries where status <> 'pending' and created_at < ${before}::timestamptz limit ${batch}
    ) returning id`);
  return rowsOf(result).length;
}
