import { and, desc, eq, gt } from 'drizzle-orm';
import type { ServiceContext } from '../../../context.ts';
import { emailSuppressions, failedMail, type FailedMailStatus } from '../../../db/schema/index.ts';
import { requireRole, type Actor } from '../../actor.ts';
import { presentFailedMail, presentSuppression } from './present.ts';

/** The admins' "could not process" list, newest first. */
export async function listFailedMail(ctx: ServiceContext, actor: Actor, opts: { status?: FailedMailStatus; inboxId?: string } = {}) {
  requireRole(actor, ['admin'], 'Viewing mail that could not be processed');
  const rows = await ctx.db
    .select()
    .from(failedMail)
    .where(
      and(opts.status ? eq(failedMail.status, opts.status) : undefined, opts.inboxId ? eq(failedMail.inboxId, opts.inboxId) : undefined),
    )
    .orderBy(desc(failedMail.createdAt))
    .limit(500);
  return rows.map(presentFailedMail);
}

/** Addresses that bounced permanently and get no automatic mail until the pause ends. */
export async function listSuppressions(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, ['admin', 'supervisor'], 'Viewing bounced addresses');
  const rows = await ctx.db
    .select()
    .from(emailSuppressions)
    .where(gt(emailSuppressions.until, ctx.now()))
    .orderBy(desc(emailSuppressions.updatedAt));
  return rows.map(presentSuppression);
}
