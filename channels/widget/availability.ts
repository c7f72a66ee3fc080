import { and, arrayOverlaps, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db/client.ts';
import { teamMembers, users } from '../../server/db/schema/index.ts';
import { AGENT_ROLES } from '../../server/services/actor.ts';

/** Is anyone who could answer online: a member of the inbox's team, or (no team) any agent? "Away" does not count. */
export async function agentsOnline(db: DbOrTx, teamId: string | null): Promise<boolean> {
  const online = and(eq(users.active, true), eq(users.presence, 'online'), arrayOverlaps(users.roles, [...AGENT_ROLES]));
  const rows = teamId
    ? await db
        .select({ id: users.id })
        .from(users)
        .innerJoin(teamMembers, eq(teamMembers.userId, users.id))
        .where(and(online, eq(teamMembers.teamId, teamId)))
        .limit(1)
    : await db.select({ id: users.id }).from(users).where(online).limit(1);
  return rows.length > 0;
}
