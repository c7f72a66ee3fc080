import type { automationRules } from '../../db/schema/index.ts';
import { actionsSchema, conditionGroupSchema, emptyConditions, type Action, type ConditionGroup } from './schema.ts';

export type RuleRow = typeof automationRules.$inferSelect;

/** A stored rule with its conditions and actions checked (a rule saved by an older version that no longer parses fails loudly). */
export interface LoadedRule {
  row: RuleRow;
  conditions: ConditionGroup;
  actions: Action[];
}

const cache = new Map<string, LoadedRule>();

/** Parsed once per rule version (id + updatedAt): evaluation runs on every message and must stay cheap. */
export function loadRule(row: RuleRow): LoadedRule {
  const key = `${row.id}:${row.updatedAt.getTime()}`;
  const hit = cache.get(key);
  if (hit) return { ...hit, row };
  const conditions = Object.keys(row.conditions).length ? conditionGroupSchema.parse(row.conditions) : emptyConditions;
  const loaded = { row, conditions, actions: actionsSchema.parse(row.actions) };
  if (cache.size > 5000) cache.clear();
  cache.set(key, loaded);
  return loaded;
}
