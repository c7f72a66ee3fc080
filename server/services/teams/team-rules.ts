import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { teams } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';

/** Team names are unique ignoring case; the lock makes the check hold under concurrent creates and renames. */
export async function requireFreeTeamName(tx: Tx, name: string, exceptId?: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('teams:names', 0))`);
  const sameName = sql`lower(${teams.name}) = lower(${name})`;
  const [taken] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(exceptId ? and(sameName, ne(teams.id, exceptId)) : sameName);
  if (taken) throw conflict(`A team named "${name}" already exists`, [{ path: 'name', message: 'already in use' }]);
}

export async function requireEscalationTeam(tx: Tx, escalationTeamId: string | null | undefined, selfId?: string) {
  if (!escalationTeamId) return;
  if (escalationTeamId === selfId) {
    throw invalid('escalationTeamId cannot be the team itself', [{ path: 'escalationTeamId', message: 'self' }]);
  }
  const [found] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, escalationTeamId));
  if (!found) throw invalid('escalationTeamId is not an existing team', [{ path: 'escalationTeamId', message: 'unknown team' }]);
}
