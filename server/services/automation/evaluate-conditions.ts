import { businessTimeBetween } from '../sla/business-time.ts';
import { customFieldRef, type HourAnchor } from './condition-fields.ts';
import type { Facts } from './facts.ts';
import { isSubgroup, type Condition, type ConditionGroup } from './schema.ts';
import { containsText, matchesPattern } from './text-match.ts';

/** One condition's verdict with the value it looked at, for "test on ticket #N". */
export interface ConditionCheck {
  field: string;
  op: string;
  value: unknown;
  actual: unknown;
  holds: boolean;
}
export interface GroupCheck {
  holds: boolean;
  checks: ConditionCheck[];
}

/** Pure: whether the group holds for these facts, and each condition's verdict. An empty group holds. */
export function evaluateConditions(group: ConditionGroup, facts: Facts): GroupCheck {
  const checks: ConditionCheck[] = [];
  const verdicts = group.conditions.map((item) => {
    if (!isSubgroup(item)) return push(checks, item, facts);
    const inner = item.conditions.map((c) => push(checks, c, facts));
    return !inner.length || (item.match === 'all' ? inner.every(Boolean) : inner.some(Boolean));
  });
  const holds = !verdicts.length || (group.match === 'all' ? verdicts.every(Boolean) : verdicts.some(Boolean));
  return { holds, checks };
}

function push(checks: ConditionCheck[], c: Condition, facts: Facts): boolean {
  const { actual, holds } = check(c, facts);
  checks.push({ field: c.field, op: c.op, value: c.value, actual, holds });
  return holds;
}

const lower = (s: string) => s.toLowerCase();
const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
const isSet = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length);

function inList(op: string, actual: string | null, list: unknown): boolean {
  const found = actual !== null && strings(list).some((w) => lower(w) === lower(actual));
  return op === 'in' ? found : !found;
}

function tagOp(op: string, tags: readonly string[], wanted: unknown): boolean {
  const w = strings(wanted);
  if (op === 'has_any') return w.some((x) => tags.includes(x));
  if (op === 'has_all') return w.every((x) => tags.includes(x));
  return !w.some((x) => tags.includes(x));
}

function textOp(op: string, text: string | null, value: unknown): boolean {
  if (text === null) return false;
  if (op === 'contains') return containsText(text, String(value));
  if (op === 'not_contains') return !containsText(text, String(value));
  return matchesPattern(String(value), text);
}

/** 'de' matches 'de-AT'; 'pt-BR' matches only 'pt-BR'. */
function languageIn(op: string, locale: string | null, list: unknown): boolean {
  const norm = (s: string) => lower(s.replace('_', '-'));
  const found = !!locale && strings(list).some((w) => norm(locale) === norm(w) || norm(locale).startsWith(`${norm(w)}-`));
  return op === 'in' ? found : !found;
}

function domainIn(op: string, domain: string | null, list: unknown): boolean {
  const found =
    !!domain &&
    strings(list).some((d) => {
      const w = lower(d.replace(/^@/, ''));
      return domain === w || domain.endsWith(`.${w}`);
    });
  return op === 'in' ? found : !found;
}

export function anchorOf(anchor: HourAnchor, f: Facts): Date | null {
  const t = f.ticket;
  switch (anchor) {
    case 'status_changed':
      return f.statusChangedAt;
    case 'created':
      return t.createdAt;
    case 'customer_message':
      return t.lastCustomerMessageAt;
    case 'agent_message':
      return t.lastAgentMessageAt;
    case 'resolved':
      return t.resolvedAt;
  }
}

/** Hours from the anchor to now, counted in the calendar's opening hours (or around the clock). */
function hoursSince(c: Condition, f: Facts): number | null {
  const at = anchorOf(c.field.slice('hours_since.'.length) as HourAnchor, f);
  if (!at) return null;
  const hours = c.calendarId ? f.calendars.get(c.calendarId) : null;
  if (c.calendarId && !hours) return null;
  return businessTimeBetween(hours ?? null, at, f.now) / 3_600_000;
}

function compare(op: string, actual: unknown, value: unknown): boolean {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : Date.parse(String(v)));
  const a = num(actual);
  const b = num(value);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
}

function customOp(op: string, actual: unknown, value: unknown): boolean {
  const same = (x: unknown) => String(x).toLowerCase() === String(value).toLowerCase();
  switch (op) {
    case 'is_set':
      return isSet(actual);
    case 'is_not_set':
      return !isSet(actual);
    case 'eq':
      return Array.isArray(actual) ? actual.some(same) : isSet(actual) && same(actual);
    case 'neq':
      return Array.isArray(actual) ? !actual.some(same) : !isSet(actual) || !same(actual);
    case 'contains':
      return Array.isArray(actual)
        ? actual.some((x) => containsText(String(x), String(value)))
        : isSet(actual) && containsText(String(actual), String(value));
    case 'not_contains':
      return !customOp('contains', actual, value);
    case 'has_any': {
      const have = (Array.isArray(actual) ? actual : isSet(actual) ? [actual] : []).map((x) => lower(String(x)));
      return strings(value).some((w) => have.includes(lower(w)));
    }
    default:
      return isSet(actual) && compare(op, actual, value);
  }
}

function check(c: Condition, f: Facts): { actual: unknown; holds: boolean } {
  const t = f.ticket;
  const custom = customFieldRef(c.field);
  if (custom) {
    const actual = (custom.entity === 'ticket' ? t.customFields : f.customer.customFields)[custom.key] ?? null;
    return { actual, holds: customOp(c.op, actual, c.value) };
  }
  if (c.field.startsWith('hours_since.')) {
    const actual = hoursSince(c, f);
    const v = Number(c.value);
    return {
      actual: actual === null ? null : Math.round(actual * 100) / 100,
      holds: actual !== null && (c.op === 'gte' ? actual >= v : actual < v),
    };
  }
  switch (c.field) {
    case 'channel':
      return { actual: t.channel, holds: inList(c.op, t.channel, c.value) };
    case 'inbox':
      return { actual: t.inboxId, holds: inList(c.op, t.inboxId, c.value) };
    case 'team':
    case 'assignee': {
      const actual = c.field === 'team' ? t.teamId : t.assigneeId;
      if (c.op === 'is_set' || c.op === 'is_not_set') return { actual, holds: (actual !== null) === (c.op === 'is_set') };
      return { actual, holds: inList(c.op, actual, c.value) };
    }
    case 'status':
      return { actual: t.status, holds: inList(c.op, t.status, c.value) };
    case 'priority':
      return { actual: t.priority, holds: inList(c.op, t.priority, c.value) };
    case 'tags':
      return { actual: t.tags, holds: tagOp(c.op, t.tags, c.value) };
    case 'customer.tags':
      return { actual: f.customer.tags, holds: tagOp(c.op, f.customer.tags, c.value) };
    case 'subject':
      return { actual: t.subject, holds: textOp(c.op, t.subject, c.value) };
    case 'message.text': {
      const text = f.message?.text ?? null;
      return { actual: text === null ? null : text.slice(0, 200), holds: textOp(c.op, text, c.value) };
    }
    case 'language':
      return { actual: f.customer.locale, holds: languageIn(c.op, f.customer.locale, c.value) };
    case 'sender.address':
      return { actual: f.sender.address, holds: inList(c.op, f.sender.address, c.value) };
    case 'sender.domain':
      return { actual: f.sender.domain, holds: domainIn(c.op, f.sender.domain, c.value) };
    case 'business_hours': {
      const hours = f.calendars.get(String(c.value));
      if (!hours) return { actual: 'calendar not found', holds: false };
      const open = businessTimeBetween(hours, f.now, new Date(f.now.getTime() + 1)) > 0;
      return { actual: open ? 'open' : 'closed', holds: open === (c.op === 'within') };
    }
    default:
      return { actual: null, holds: false };
  }
}

/** Calendars a set of conditions refers to (loaded once per evaluation). */
export function calendarIdsOf(groups: readonly ConditionGroup[]): string[] {
  const ids = new Set<string>();
  for (const g of groups)
    for (const item of g.conditions)
      for (const c of isSubgroup(item) ? item.conditions : [item]) {
        if (c.calendarId) ids.add(c.calendarId);
        if (c.field === 'business_hours' && typeof c.value === 'string') ids.add(c.value);
      }
  return [...ids];
}
