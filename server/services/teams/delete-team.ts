import { and, count, eq, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teams, tickets } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';

/** Refused while the team still owns tickets that are not closed: they would silently drop out of every queue. */
export async function deleteTeam(ctx: ServiceContext, actor: Actor, teamId: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, MANAGER_ROLES, 'Deleting teams');
  if (!isUuid(teamId)) throw notFound('Team');
  await ctx.db.transaction(async (tx) => {
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update');
    if (!team) throw notFound('Team');
    const [open] = await tx
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.teamId, teamId), ne(tickets.status, 'closed')));
    if (open && open.n > 0) {
      throw conflict(`Team "${team.name}" still has ${open.n} tickets that are not closed; transfer them first`, { openTickets: open.n });
    }
    await tx.delete(teams).where(eq(teams.id, teamId));
    await recordAudit(tx, actor, { action: 'team.deleted', targetType: 'team', targetId: teamId, data: { name: team.name } }, origin);
  });
}
