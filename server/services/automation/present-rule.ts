import type { ProcessEventName } from '../process-events/event-names.ts';
import type { RuleRow } from './loaded-rule.ts';
import type { Action, ConditionGroup } from './schema.ts';
import { emptyConditions } from './schema.ts';

/** The one shape a rule leaves the server in. */
export function presentRule(r: RuleRow) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    events: r.events as ProcessEventName[],
    conditions: (Object.keys(r.conditions).length ? r.conditions : emptyConditions) as ConditionGroup,
    actions: r.actions as Action[],
    position: r.position,
    enabled: r.enabled,
    lastFiredAt: r.lastFiredAt?.toISOString() ?? null,
    fireCount: r.fireCount,
    failureCount: r.failureCount,
    lastError: r.lastError,
    disabledReason: r.disabledReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RuleView = ReturnType<typeof presentRule>;
