import { asc, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { channelKinds, customFields, priorities, ticketStatuses } from '../../db/schema/index.ts';
import { processEventNames, type ProcessEventName } from '../process-events/event-names.ts';
import { customFieldOps, fixedConditionFields, type FieldSpec, type ValueKind } from './condition-fields.ts';
import type { ActionType } from './schema.ts';

/** What the console's rule builder is made from: GET /api/automation/catalog. */
export interface AutomationCatalog {
  events: ProcessEventName[];
  conditionFields: CatalogField[];
  actions: CatalogAction[];
  enums: { channels: string[]; statuses: string[]; priorities: string[] };
}
export interface CatalogField {
  field: string;
  /** Custom fields: which entity and the field's labels and type; fixed fields: absent. */
  custom?: { entity: 'ticket' | 'customer'; key: string; type: string; labels: { en: string; 'zh-CN'?: string }; options: string[] };
  ops: { op: string; valueKind: ValueKind }[];
  calendar: boolean;
  /** Holds only on events that carry a message (message.customer, message.agent, note.added). */
  messageOnly: boolean;
}
export type ActionParamKind =
  | 'user'
  | 'team'
  | 'priority'
  | 'status'
  | 'tags'
  | 'text'
  | 'long_text'
  | 'canned_response'
  | 'hours'
  | 'field_entity'
  | 'field_key'
  | 'field_value'
  | 'webhook';
export interface CatalogAction {
  type: ActionType;
  params: { name: string; kind: ActionParamKind; required: boolean }[];
  /** Macros may use it too (all do today). */
  macro: boolean;
}

const p = (name: string, kind: ActionParamKind, required = true) => ({ name, kind, required });
export const actionCatalog: CatalogAction[] = (
  [
    ['assign_agent', [p('userId', 'user')]],
    ['assign_team', [p('teamId', 'team')]],
    ['unassign', []],
    ['set_priority', [p('priority', 'priority')]],
    ['set_status', [p('status', 'status')]],
    ['add_tags', [p('tags', 'tags')]],
    ['remove_tags', [p('tags', 'tags')]],
    ['add_note', [p('text', 'long_text')]],
    ['send_reply', [p('cannedResponseId', 'canned_response', false), p('text', 'long_text', false)]],
    ['email_user', [p('userId', 'user'), p('subject', 'text'), p('text', 'long_text')]],
    ['email_team', [p('teamId', 'team'), p('subject', 'text'), p('text', 'long_text')]],
    ['escalate', [p('reason', 'text')]],
    ['mark_spam', []],
    ['snooze', [p('hours', 'hours')]],
    ['add_follower', [p('userId', 'user')]],
    ['set_field', [p('entity', 'field_entity'), p('key', 'field_key'), p('value', 'field_value')]],
    ['call_webhook', [p('subscriptionId', 'webhook')]],
  ] as [ActionType, CatalogAction['params']][]
).map(([type, params]) => ({ type, params, macro: true }));

const present = (f: FieldSpec): CatalogField => ({
  field: f.field,
  ops: Object.entries(f.ops).map(([op, s]) => ({ op, valueKind: s.valueKind })),
  calendar: !!f.calendar,
  messageOnly: !!f.message,
});

export async function automationCatalog(db: DbOrTx): Promise<AutomationCatalog> {
  const defs = await db
    .select()
    .from(customFields)
    .where(isNull(customFields.archivedAt))
    .orderBy(asc(customFields.entity), asc(customFields.position));
  const ops = Object.entries(customFieldOps).map(([op, s]) => ({ op, valueKind: s.valueKind }));
  return {
    events: [...processEventNames],
    conditionFields: [
      ...fixedConditionFields.map(present),
      ...defs.map((d) => ({
        field: `${d.entity}.fields.${d.key}`,
        custom: { entity: d.entity, key: d.key, type: d.type, labels: d.labels, options: d.options.map((o) => o.value) },
        ops,
        calendar: false,
        messageOnly: false,
      })),
    ],
    actions: actionCatalog,
    enums: { channels: [...channelKinds], statuses: [...ticketStatuses], priorities: [...priorities] },
  };
}
