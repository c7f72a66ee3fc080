import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { inboxes, teams, type RoutingActions, type RoutingConditions } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { advisoryXactLock } from './lock.ts';

/** Rule writes take this lock so positions stay a dense 0..n-1 sequence under concurrent edits. */
export const lockRules = (tx: Tx) => advisoryXactLock(tx, 'routing:rules');

/** The team and inboxes a rule names must exist; a wrong id is named by its field. */
export async function requireRuleRefs(tx: Tx, conditions?: RoutingConditions, actions?: RoutingActions): Promise<void> {
  if (actions?.teamId) {
    const [t] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, actions.teamId));
    if (!t) throw invalid(`actions.teamId: no team ${actions.teamId}`, [{ path: 'actions.teamId', message: 'no such team' }]);
  }
  const ids = conditions?.inboxIds ?? [];
  if (ids.length) {
    const found = new Set((await tx.select({ id: inboxes.id }).from(inboxes).where(inArray(inboxes.id, ids))).map((r) => r.id));
    const i = ids.findIndex((id) => !found.has(id));
    if (i >= 0)
      throw invalid(`conditions.inboxIds.${i}: no inbox ${ids[i]}`, [{ path: `conditions.inboxIds.${i}`, message: 'no such inbox' }]);
  }
}
