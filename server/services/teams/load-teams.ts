import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { teamMembers, teams, users } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../is-uuid.ts';
import { presentTeam, type TeamView } from './present-team.ts';

/** Teams with their members (by name), in name order; all teams when `ids` is absent. */
export async function loadTeams(db: DbOrTx, ids?: string[]): Promise<TeamView[]> {
  const rows = ids
    ? await db.select().from(teams).where(inArray(teams.id, ids)).orderBy(asc(teams.name))
    : await db.select().from(teams).orderBy(asc(teams.name));
  if (!rows.length) return [];
  const members = await db
    .select({ member: teamMembers, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      inArray(
        teamMembers.teamId,
        rows.map((t) => t.id),
      ),
    )
    .orderBy(asc(users.name));
  return rows.map((t) =>
    presentTeam(
      t,
      members.filter((m) => m.member.teamId === t.id).map((m) => ({ ...m.member, name: m.name })),
    ),
  );
}

export async function loadTeam(db: DbOrTx, id: string): Promise<TeamView> {
  const [team] = isUuid(id) ? await loadTeams(db, [id]) : [];
  if (!team) throw notFound('Team');
  return team;
}
