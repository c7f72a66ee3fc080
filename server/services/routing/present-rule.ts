import type { routingRules } from '../../db/schema/index.ts';

export function presentRule(r: typeof routingRules.$inferSelect) {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    conditions: r.conditions,
    actions: r.actions,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RuleView = ReturnType<typeof presentRule>;
