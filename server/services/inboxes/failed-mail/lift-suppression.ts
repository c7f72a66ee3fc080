import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../context.ts';
import { emailSuppressions } from '../../../db/schema/index.ts';
import { notFound } from '../../../errors.ts';
import { requireRole, type Actor } from '../../actor.ts';
import { recordAudit, type RequestOrigin } from '../../audit/record-audit.ts';

/** Ends a bounce pause early (the customer fixed their mailbox). */
export async function liftSuppression(ctx: ServiceContext, actor: Actor, address: string, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], 'Lifting a bounce pause');
  const [row] = await ctx.db.delete(emailSuppressions).where(eq(emailSuppressions.address, address.toLowerCase())).returning();
  if (!row) throw notFound('Bounce pause');
  await recordAudit(ctx.db, actor, { action: 'email_suppression.lifted', targetType: 'email_address', targetId: row.address }, origin);
}
