import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { automationRules } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { advisoryXactLock } from '../routing/lock.ts';
import { isUuid } from '../tickets/visibility.ts';

/** Automation is a setting: only admins read or change rules. */
export const requireAutomationAdmin = (actor: Actor, action: string) => requireRole(actor, ['admin'], action);

/** Serialises rule writes (positions stay a permutation). */
export const lockRules = (tx: Tx) => advisoryXactLock(tx, 'automation:rules');

export async function loadRuleRow(tx: Tx, id: string) {
  if (!isUuid(id)) throw notFound('Automation rule');
  const [row] = await tx.select().from(automationRules).where(eq(automationRules.id, id)).for('update');
  if (!row) throw notFound('Automation rule');
  return row;
}
