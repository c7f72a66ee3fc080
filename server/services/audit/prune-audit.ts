import { asc, inArray, lt } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { auditLog } from '../../db/schema/index.ts';
import { getAuditSettings } from './audit-settings.ts';

const BATCH = 5_000;

/**
 * Deletes entries past the retention period, oldest first, in batches of 5,000 so no statement holds locks for
 * long; returns how many went. Safe on several nodes at once (each deletes rows the other may already have).
 */
export async function pruneAuditLog(ctx: ServiceContext, opts: { maxBatches?: number } = {}): Promise<number> {
  const { retentionDays } = await getAuditSettings(ctx.db);
  if (!retentionDays) return 0;
  const cutoff = new Date(ctx.now().getTime() - retentionDays * 86_400_000);
  let pruned = 0;
  for (let i = 0; i < (opts.maxBatches ?? 20); i++) {
    const due = ctx.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(lt(auditLog.createdAt, cutoff))
      .orderBy(asc(auditLog.createdAt))
      .limit(BATCH);
    const gone = await ctx.db.delete(auditLog).where(inArray(auditLog.id, due)).returning({ id: auditLog.id });
    pruned += gone.length;
    if (gone.length < BATCH) break;
  }
  return pruned;
}
