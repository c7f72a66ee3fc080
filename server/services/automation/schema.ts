import { z } from 'zod';
import { channelKinds, priorities, ticketStatuses } from '../../db/schema/index.ts';
import { processEventNames } from '../process-events/event-names.ts';
import { tagSchema } from '../tags.ts';
import { conditionFieldSpec, CUSTOM_FIELD_KEY, checkRegexPattern } from './condition-fields.ts';

/**
 * The shapes of automation rules (issue 18): conditions, actions and rules, checked with zod at every boundary
 * (routes, the executor, macros). The catalog the console builds its editor from is in catalog.ts.
 */

export const MAX_CONDITIONS = 30;
export const MAX_ACTIONS = 20;
export const MAX_TEXT = 10_000;

/** `ticket.fields.<key>` / `customer.fields.<key>` name an admin-defined field; the rest are fixed (catalog.ts). */
export const conditionSchema = z
  .strictObject({
    field: z.string().trim().min(1).max(120),
    op: z.string().trim().min(1).max(40),
    /** Shape depends on the field and op (catalog: valueKind); absent for is_set / is_not_set. */
    value: z.unknown().optional(),
    /** For hours_since.* and business_hours: the business calendar counting the hours (absent: calendar hours). */
    calendarId: z.uuid().nullable().optional(),
  })
  .superRefine((c, ctx) => {
    const spec = conditionFieldSpec(c.field);
    if (!spec) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `unknown condition field "${c.field}"` });
      return;
    }
    const op = spec.ops[c.op];
    if (!op) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `"${c.field}" takes the operators ${Object.keys(spec.ops).join(', ')}` });
      return;
    }
    const parsed = op.value.safeParse(c.value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.error.issues[0]?.message ?? 'invalid value' });
      return;
    }
    if (c.op === 'matches') {
      const problem = checkRegexPattern(String(c.value));
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    }
    if (c.calendarId && !spec.calendar) ctx.addIssue({ code: 'custom', path: ['calendarId'], message: `"${c.field}" takes no calendar` });
  })
  // Values are stored normalised (tags, domains, addresses in lower case) as the field's schema writes them.
  .transform((c) => ({ ...c, value: conditionFieldSpec(c.field)!.ops[c.op]!.value.parse(c.value) as unknown }));
export type Condition = z.infer<typeof conditionSchema>;

const match = z.enum(['all', 'any']);
/** One level of nesting: a group holds conditions and groups of conditions. */
export const conditionSubgroupSchema = z.strictObject({ match, conditions: z.array(conditionSchema).max(MAX_CONDITIONS) });
/** A condition or a subgroup, told apart by `match`, so an error names the condition's own field, not "invalid union". */
const groupItem = z.unknown().transform((v, ctx): Condition | ConditionSubgroup => {
  const isGroup = !!v && typeof v === 'object' && 'match' in v;
  const r = (isGroup ? conditionSubgroupSchema : conditionSchema).safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  return z.NEVER;
});
export const conditionGroupSchema = z.strictObject({ match, conditions: z.array(groupItem).max(MAX_CONDITIONS) });
export type ConditionSubgroup = z.infer<typeof conditionSubgroupSchema>;
export type ConditionGroup = z.infer<typeof conditionGroupSchema>;
export const isSubgroup = (c: Condition | ConditionSubgroup): c is ConditionSubgroup => 'match' in c;
export const emptyConditions: ConditionGroup = { match: 'all', conditions: [] };

const text = (max = MAX_TEXT) => z.string().trim().min(1, 'text is required').max(max);
const userId = z.uuid('must be a user id');
const teamId = z.uuid('must be a team id');

/** Every action a rule or macro can take on one ticket; each runs through the existing ticket verbs (execute-action.ts). */
export const actionSchema = z.discriminatedUnion('type', [
  /** Assign to this agent (must be active and able to take tickets). */
  z.strictObject({ type: z.literal('assign_agent'), userId }),
  /** Move to a team; the router then offers it to a member with free capacity, or it waits in the team's queue. */
  z.strictObject({ type: z.literal('assign_team'), teamId }),
  z.strictObject({ type: z.literal('unassign') }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(priorities) }),
  z.strictObject({ type: z.literal('set_status'), status: z.enum(ticketStatuses).exclude(['new']) }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(tagSchema).min(1).max(20) }),
  z.strictObject({ type: z.literal('remove_tags'), tags: z.array(tagSchema).min(1).max(20) }),
  z.strictObject({ type: z.literal('add_note'), text: text() }),
  /** A reply to the customer on the ticket's channel, from a canned response or text; placeholders filled in. */
  z.strictObject({ type: z.literal('send_reply'), cannedResponseId: z.uuid().optional(), text: text().optional() }),
  /** Email staff (through the outbox): one user, or every active member of a team. Placeholders filled in. */
  z.strictObject({ type: z.literal('email_user'), userId, subject: text(300), text: text() }),
  z.strictObject({ type: z.literal('email_team'), teamId, subject: text(300), text: text() }),
  z.strictObject({ type: z.literal('escalate'), reason: text(1000) }),
  z.strictObject({ type: z.literal('mark_spam') }),
  /** Snooze for this many hours (the ticket goes pending and reopens when due or when the customer writes). */
  z.strictObject({
    type: z.literal('snooze'),
    hours: z
      .number()
      .positive()
      .max(24 * 365),
  }),
  z.strictObject({ type: z.literal('add_follower'), userId }),
  /** Set (null clears) an admin-defined field on the ticket or its customer; checked by the field's type. */
  z.strictObject({
    type: z.literal('set_field'),
    entity: z.enum(['ticket', 'customer']),
    key: z.string().regex(CUSTOM_FIELD_KEY, 'must be a field key'),
    value: z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.array(z.string().max(200)).max(100), z.null()]),
  }),
  /** Queue one signed delivery to a webhook subscription (event 'rule.webhook', the ticket in the payload). */
  z.strictObject({ type: z.literal('call_webhook'), subscriptionId: z.uuid('must be a webhook subscription id') }),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action['type'];

const replyOneOf = (a: Action) => a.type !== 'send_reply' || !!a.cannedResponseId !== !!a.text;
export const actionsSchema = z
  .array(actionSchema)
  .min(1, 'give at least one action')
  .max(MAX_ACTIONS)
  .superRefine((list, ctx) => {
    list.forEach((a, i) => {
      if (!replyOneOf(a)) ctx.addIssue({ code: 'custom', path: [i, 'text'], message: 'send_reply takes either cannedResponseId or text' });
    });
  });

export const ruleKindSchema = z.enum(['event', 'time']);
export const ruleEventSchema = z.enum(processEventNames);

const ruleFields = {
  name: z.string().trim().min(1, 'a name is required').max(200),
  events: z.array(ruleEventSchema).max(processEventNames.length),
  conditions: conditionGroupSchema,
  actions: actionsSchema,
  enabled: z.boolean(),
};

/** A rule as the admin writes it; events only for event rules; a time rule needs an hours_since.* condition. */
export const ruleBodySchema = z
  .strictObject({ ...ruleFields, kind: ruleKindSchema, events: ruleFields.events.default([]), enabled: ruleFields.enabled.default(true) })
  .superRefine((r, ctx) => checkRuleShape(r, ctx));
export type RuleBody = z.output<typeof ruleBodySchema>;

export const ruleUpdateSchema = z.strictObject({
  name: ruleFields.name.optional(),
  events: ruleFields.events.optional(),
  conditions: ruleFields.conditions.optional(),
  actions: ruleFields.actions.optional(),
  enabled: ruleFields.enabled.optional(),
});
export type RuleUpdate = z.output<typeof ruleUpdateSchema>;

export function checkRuleShape(r: Pick<RuleBody, 'kind' | 'events' | 'conditions'>, ctx: z.RefinementCtx): void {
  if (r.kind === 'event' && !r.events.length)
    ctx.addIssue({ code: 'custom', path: ['events'], message: 'an event rule needs at least one event' });
  if (r.kind === 'time') {
    if (r.events.length) ctx.addIssue({ code: 'custom', path: ['events'], message: 'a time rule runs on a schedule and takes no events' });
    const anchored =
      r.conditions.match === 'all' && r.conditions.conditions.some((c) => !isSubgroup(c) && c.field.startsWith('hours_since.'));
    if (!anchored)
      ctx.addIssue({
        code: 'custom',
        path: ['conditions'],
        message: 'a time rule needs an "hours since" condition at the top level with match "all"',
      });
  }
}

export { CUSTOM_FIELD_KEY, channelKinds };
