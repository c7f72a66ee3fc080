/** Shapes of the automation catalog and rules as the API answers them (api-schema.d.ts). */
import type { ApiData } from './api.ts';
import type { ActionDraft } from './types-actions.ts';

export type { ActionDraft, ActionEnums, ActionSpec } from './types-actions.ts';

export type AutomationCatalog = ApiData<'get', '/automation/catalog'>;
export type CatalogAction = AutomationCatalog['actions'][number];
export type CatalogField = AutomationCatalog['conditionFields'][number];
/** A condition being written: `value` and `calendarId` as the operator takes them. */
export type ConditionDraft = { field: string; op: string; value?: unknown; calendarId?: string | null };
export type ConditionSubgroupDraft = { match: 'all' | 'any'; conditions: ConditionDraft[] };
export type ConditionGroupDraft = { match: 'all' | 'any'; conditions: (ConditionDraft | ConditionSubgroupDraft)[] };
export const isGroupDraft = (c: ConditionDraft | ConditionSubgroupDraft): c is ConditionSubgroupDraft => 'match' in c;
/** A rule being written in the builder; `id` once saved. */
export interface RuleDraft {
  id?: string;
  name: string;
  kind: 'event' | 'time';
  events: string[];
  conditions: ConditionGroupDraft;
  actions: ActionDraft[];
  enabled: boolean;
}
export type RuleView = ApiData<'get', '/automation/rules'>['rules'][number];
export type RuleTestResult = ApiData<'post', '/automation/rules/{id}/test'>;
