import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { recordAudit, type RequestOrigin } from './record-audit.ts';

const KEY = 'audit.retentionDays';
/** A year: long enough for a yearly access review; PIPL/GDPR ask for no longer than needed, so admins may shorten it. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

export const auditSettingsInput = z.strictObject({
  /** Entries older than this many days are deleted; 0 keeps them forever. */
  retentionDays: z
    .number({ message: 'retentionDays: expected a whole number of days' })
    .int()
    .refine((d) => d === 0 || (d >= 30 && d <= 3650), 'retentionDays: 0 (keep forever) or 30 to 3650 days'),
});
export type AuditSettings = z.output<typeof auditSettingsInput>;

export async function getAuditSettings(db: DbOrTx): Promise<AuditSettings> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY));
  const days = auditSettingsInput.shape.retentionDays.safeParse(row?.value);
  return { retentionDays: days.success ? days.data : DEFAULT_AUDIT_RETENTION_DAYS };
}

/** Admins only; the change is itself audited (it decides how long everything else is kept). */
export async function updateAuditSettings(ctx: ServiceContext, actor: Actor, raw: unknown, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], 'Changing audit settings');
  const input = parseInput(auditSettingsInput, raw, 'audit settings');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const before = await getAuditSettings(tx);
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: input.retentionDays, updatedAt: now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: input.retentionDays, updatedAt: now } });
    const data = { retentionDays: { from: before.retentionDays, to: input.retentionDays } };
    await recordAudit(tx, actor, { action: 'settings.audit_updated', targetType: 'settings', targetId: KEY, data }, origin);
  });
  return getAuditSettings(ctx.db);
}
