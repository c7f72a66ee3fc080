import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { businessCalendars, cannedResponses, customFields, inboxes, teams, users, webhookSubscriptions } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { isSubgroup, type Action, type ConditionGroup } from './schema.ts';

type Ref = { table: PgTable; id: PgColumn; what: string };
const refs: Record<string, Ref> = {
  team: { table: teams, id: teams.id, what: 'team' },
  user: { table: users, id: users.id, what: 'user' },
  inbox: { table: inboxes, id: inboxes.id, what: 'inbox' },
  calendar: { table: businessCalendars, id: businessCalendars.id, what: 'business calendar' },
  canned: { table: cannedResponses, id: cannedResponses.id, what: 'canned response' },
  webhook: { table: webhookSubscriptions, id: webhookSubscriptions.id, what: 'webhook subscription' },
};

/** Every id a rule names exists, so a typo is refused when saving (400 naming it), not when the rule fires. */
export async function requireRuleRefs(db: DbOrTx, conditions: ConditionGroup | undefined, actions: readonly Action[] | undefined) {
  const wanted: [keyof typeof refs, string, string][] = [];
  (conditions?.conditions ?? []).forEach((item, i) => {
    const list = isSubgroup(item)
      ? item.conditions.map((c, j) => [c, `conditions.conditions.${i}.conditions.${j}`] as const)
      : [[item, `conditions.conditions.${i}`] as const];
    for (const [c, path] of list) {
      const ids = Array.isArray(c.value) ? c.value.map(String) : [];
      if (c.field === 'team') ids.forEach((id) => wanted.push(['team', id, `${path}.value`]));
      if (c.field === 'assignee') ids.forEach((id) => wanted.push(['user', id, `${path}.value`]));
      if (c.field === 'inbox') ids.forEach((id) => wanted.push(['inbox', id, `${path}.value`]));
      if (c.field === 'business_hours') wanted.push(['calendar', String(c.value), `${path}.value`]);
      if (c.calendarId) wanted.push(['calendar', c.calendarId, `${path}.calendarId`]);
    }
  });
  (actions ?? []).forEach((a, i) => {
    if ('userId' in a) wanted.push(['user', a.userId, `actions.${i}.userId`]);
    if ('teamId' in a) wanted.push(['team', a.teamId, `actions.${i}.teamId`]);
    if (a.type === 'call_webhook') wanted.push(['webhook', a.subscriptionId, `actions.${i}.subscriptionId`]);
    if (a.type === 'send_reply' && a.cannedResponseId) wanted.push(['canned', a.cannedResponseId, `actions.${i}.cannedResponseId`]);
  });
  for (const kind of Object.keys(refs) as (keyof typeof refs)[]) {
    const ids = [...new Set(wanted.filter((w) => w[0] === kind).map((w) => w[1]))];
    if (!ids.length) continue;
    const ref = refs[kind]!;
    const found = new Set((await db.select({ id: ref.id }).from(ref.table).where(inArray(ref.id, ids))).map((r) => String(r.id)));
    const missing = wanted.find((w) => w[0] === kind && !found.has(w[1]));
    if (missing) throw invalid(`${missing[2]}: no ${ref.what} ${missing[1]}`, [{ path: missing[2], message: `no such ${ref.what}` }]);
  }
  for (const [i, a] of (actions ?? []).entries()) {
    if (a.type !== 'set_field') continue;
    const [def] = await db
      .select({ id: customFields.id })
      .from(customFields)
      .where(and(eq(customFields.entity, a.entity), eq(customFields.key, a.key), isNull(customFields.archivedAt)));
    if (!def) throw invalid(`actions.${i}.key: no ${a.entity} field "${a.key}"`, [{ path: `actions.${i}.key`, message: 'no such field' }]);
  }
}
