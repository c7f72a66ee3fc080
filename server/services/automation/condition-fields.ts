import { z } from 'zod';
import { channelKinds, priorities, ticketStatuses } from '../../db/schema/index.ts';
import { tagSchema } from '../tags.ts';

/**
 * Every condition field with its operators; each operator names the kind of value it takes (the console picks
 * its input from `valueKind`) and the zod schema that checks it.
 */
export type ValueKind =
  | 'none'
  | 'channels'
  | 'inboxes'
  | 'teams'
  | 'users'
  | 'statuses'
  | 'priorities'
  | 'tags'
  | 'text'
  | 'texts'
  | 'regex'
  | 'languages'
  | 'domains'
  | 'calendar'
  | 'hours'
  | 'number'
  | 'field_value';

export interface OpSpec {
  valueKind: ValueKind;
  value: z.ZodType;
}
export interface FieldSpec {
  field: string;
  ops: Record<string, OpSpec>;
  /** Takes a business calendar (calendarId) to count hours in or to be within. */
  calendar?: boolean;
  /** Only meaningful for events that carry a message (message.customer, message.agent, note.added). */
  message?: boolean;
}

export const MAX_PATTERN = 200;
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;

const list = <T extends z.ZodType>(item: T, kind: ValueKind) => ({
  valueKind: kind,
  value: z.array(item).min(1, 'give at least one value').max(100),
});
const none: OpSpec = { valueKind: 'none', value: z.undefined({ error: 'this operator takes no value' }) };
const uuids = (kind: ValueKind) => list(z.uuid(), kind);
const inOut = (o: OpSpec) => ({ in: o, not_in: o });
const setOps = { is_set: none, is_not_set: none };
const textValue: OpSpec = { valueKind: 'text', value: z.string().min(1, 'give the text to look for').max(1000) };
const regexValue: OpSpec = {
  valueKind: 'regex',
  value: z.string().min(1, 'give a pattern').max(MAX_PATTERN, `a pattern has at most ${MAX_PATTERN} characters`),
};
const textOps = { contains: textValue, not_contains: textValue, matches: regexValue };
const tagOps = { has_any: list(tagSchema, 'tags'), has_all: list(tagSchema, 'tags'), has_none: list(tagSchema, 'tags') };
const hours: OpSpec = {
  valueKind: 'hours',
  value: z
    .number({ error: 'give a number of hours' })
    .min(0)
    .max(24 * 3650),
};
const language = z.string().regex(/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/i, 'must be a language tag such as de or pt-BR');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^@?[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as example.com');
const scalar = z.union([z.string().max(1000), z.number(), z.boolean()], { error: 'give a text, number or yes/no value' });
const fieldValue: OpSpec = { valueKind: 'field_value', value: scalar };
const numberValue: OpSpec = {
  valueKind: 'number',
  value: z.union([z.number(), z.string().min(1).max(40)], { error: 'give a number or date' }),
};

/** The anchors a time rule counts hours from (each period's start). */
export const hourAnchors = ['status_changed', 'created', 'customer_message', 'agent_message', 'resolved'] as const;
export type HourAnchor = (typeof hourAnchors)[number];

const fixed: FieldSpec[] = [
  { field: 'channel', ops: inOut(list(z.enum(channelKinds), 'channels')) },
  { field: 'inbox', ops: inOut(uuids('inboxes')) },
  { field: 'team', ops: { ...inOut(uuids('teams')), ...setOps } },
  { field: 'assignee', ops: { ...inOut(uuids('users')), ...setOps } },
  { field: 'status', ops: inOut(list(z.enum(ticketStatuses), 'statuses')) },
  { field: 'priority', ops: inOut(list(z.enum(priorities), 'priorities')) },
  { field: 'tags', ops: tagOps },
  { field: 'customer.tags', ops: tagOps },
  { field: 'subject', ops: textOps },
  { field: 'message.text', ops: textOps, message: true },
  { field: 'language', ops: inOut(list(language, 'languages')) },
  { field: 'sender.address', ops: inOut(list(z.string().trim().toLowerCase().min(1).max(320), 'texts')) },
  { field: 'sender.domain', ops: inOut(list(domain, 'domains')) },
  {
    field: 'business_hours',
    ops: {
      within: { valueKind: 'calendar', value: z.uuid('give a business calendar') },
      outside: { valueKind: 'calendar', value: z.uuid('give a business calendar') },
    },
  },
  ...hourAnchors.map((a): FieldSpec => ({ field: `hours_since.${a}`, ops: { gte: hours, lt: hours }, calendar: true })),
];
export const fixedConditionFields: readonly FieldSpec[] = fixed;

const customOps: Record<string, OpSpec> = {
  eq: fieldValue,
  neq: fieldValue,
  contains: textValue,
  not_contains: textValue,
  gt: numberValue,
  gte: numberValue,
  lt: numberValue,
  lte: numberValue,
  has_any: list(z.string().max(200), 'texts'),
  ...setOps,
};

const byField = new Map(fixed.map((f) => [f.field, f]));

/** `ticket.fields.<key>` and `customer.fields.<key>` are the admin's custom fields. */
export function customFieldRef(field: string): { entity: 'ticket' | 'customer'; key: string } | null {
  const m = /^(ticket|customer)\.fields\.(.+)$/.exec(field);
  if (!m || !CUSTOM_FIELD_KEY.test(m[2]!)) return null;
  return { entity: m[1] as 'ticket' | 'customer', key: m[2]! };
}

export function conditionFieldSpec(field: string): FieldSpec | null {
  return byField.get(field) ?? (customFieldRef(field) ? { field, ops: customOps } : null);
}
export const customFieldOps = customOps;

/**
 * Patterns are refused up front when they could backtrack without bound: nested quantifiers ((a+)+, (a*)*,
 * (a|a)*-like groups under a quantifier) and backreferences. Evaluation is also time-limited (text-match.ts).
 */
export function checkRegexPattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN) return `a pattern has at most ${MAX_PATTERN} characters`;
  try {
    new RegExp(pattern, 'iu');
  } catch (e) {
    return `not a valid pattern: ${(e as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed in patterns';
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/.test(pattern) || /\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)[+*{]/.test(pattern))
    return 'a repeated group may not itself repeat or alternate (it could take unbounded time); simplify the pattern';
  return null;
}
