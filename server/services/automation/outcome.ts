import type { Action } from './schema.ts';

/** What one action did to the ticket: done, nothing to change, or deliberately not done (with why). */
export interface ActionOutcome {
  status: 'done' | 'unchanged' | 'skipped';
  detail?: string;
}

export interface ActionResult extends ActionOutcome {
  type: Action['type'];
  index: number;
}

/** Who the actions run for: the history rows say "by rule ‘X’" or "by macro ‘X’". */
export type ActionSource = { kind: 'rule'; ruleId: string; ruleName: string } | { kind: 'macro'; macroId: string; macroName: string };
