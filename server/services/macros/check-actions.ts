import type { DbOrTx } from '../../db/client.ts';
import { requireRuleRefs } from '../automation/rule-refs.ts';
import type { Action } from '../automation/schema.ts';

/** Every agent, team and canned response a macro names exists, so a typo is refused when saving (400 naming it). */
export async function checkMacroActions(db: DbOrTx, actions: Action[]): Promise<Action[]> {
  await requireRuleRefs(db, undefined, actions);
  return actions;
}
