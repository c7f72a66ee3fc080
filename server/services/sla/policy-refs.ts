import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { businessCalendars, teams } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';

/** The team and calendar a policy names must exist; a bad id is the caller's mistake, named by field. */
export async function requirePolicyRefs(tx: Tx, refs: { teamId?: string | null; calendarId?: string | null }): Promise<void> {
  if (refs.teamId) {
    const [t] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, refs.teamId));
    if (!t) throw invalid(`teamId: no team ${refs.teamId}`, [{ path: 'teamId', message: 'no such team' }]);
  }
  if (refs.calendarId) {
    const [c] = await tx.select({ id: businessCalendars.id }).from(businessCalendars).where(eq(businessCalendars.id, refs.calendarId));
    if (!c) throw invalid(`calendarId: no calendar ${refs.calendarId}`, [{ path: 'calendarId', message: 'no such calendar' }]);
  }
}

/** Turns the two uniqueness rules (name; one policy per team, one default) into clear conflicts. */
export function policyConflict(err: unknown, input: { name?: string; teamId?: string | null }): unknown {
  if (isUniqueViolation(err, 'sla_policies_name_key')) {
    return conflict(`An SLA policy named "${input.name}" already exists`, [{ path: 'name', message: 'already taken' }]);
  }
  if (isUniqueViolation(err, 'sla_policies_team_key')) {
    const what = input.teamId ? 'This team already has an SLA policy' : 'A default SLA policy (no team) already exists';
    return conflict(`${what}: edit that one instead`, [{ path: 'teamId', message: 'already has a policy' }]);
  }
  return err;
}
