import { describe, expect, it } from 'vitest';
import type { tickets } from '../../../../server/db/schema/index.ts';
import { evaluateConditions } from '../../../../server/services/automation/evaluate-conditions.ts';
import type { Facts } from '../../../../server/services/automation/facts.ts';
import { conditionGroupSchema } from '../../../../server/services/automation/schema.ts';
import { toBusinessHours } from '../../../../server/services/sla/calendar-input.ts';

const TEAM = '00000000-0000-4000-8000-00000000000a';
const AGENT = '00000000-0000-4000-8000-00000000000b';
const INBOX = '00000000-0000-4000-8000-00000000000c';
const CAL = '00000000-0000-4000-8000-00000000000d';
const now = new Date('2026-03-06T10:00:00Z'); // a Friday
const shift = [{ start: '09:00', end: '17:00' }];

const ticket = {
  id: 't',
  number: 1001,
  subject: 'Invoice problem',
  status: 'pending',
  priority: 'high',
  channel: 'email',
  inboxId: INBOX,
  teamId: TEAM,
  assigneeId: null,
  tags: ['billing', 'vip'],
  customFields: { product: 'Router X', seats: 12, modules: ['vpn', 'wifi'], renewal: '2026-06-01' },
  createdAt: new Date('2026-03-02T10:00:00Z'),
  lastCustomerMessageAt: new Date('2026-03-05T10:00:00Z'),
  lastAgentMessageAt: null,
  resolvedAt: null,
} as unknown as typeof tickets.$inferSelect;

const facts: Facts = {
  ticket,
  customer: { tags: ['gold'], customFields: { tier: 'Enterprise' }, locale: 'de-AT', email: 'ann@mail.vip.example.com' },
  message: { text: 'Please refund order #4521 ASAP', automated: false },
  sender: { address: 'ann@mail.vip.example.com', domain: 'mail.vip.example.com' },
  statusChangedAt: new Date('2026-03-02T10:00:00Z'),
  now,
  calendars: new Map([
    [
      CAL,
      toBusinessHours({
        timeZone: 'UTC',
        weeklyHours: { mon: shift, tue: shift, wed: shift, thu: shift, fri: shift, sat: [], sun: [] },
        holidays: [{ date: '2026-03-04' }],
      }),
    ],
  ]),
};

const one = (field: string, op: string, value?: unknown, calendarId?: string) => {
  const group = conditionGroupSchema.parse({
    match: 'all',
    conditions: [{ field, op, ...(value === undefined ? {} : { value }), ...(calendarId ? { calendarId } : {}) }],
  });
  return evaluateConditions(group, facts).checks[0]!;
};

describe('conditions', () => {
  it.each([
    ['channel', 'in', ['email', 'widget'], true],
    ['channel', 'not_in', ['email'], false],
    ['inbox', 'in', [INBOX], true],
    ['team', 'in', [TEAM], true],
    ['team', 'is_set', undefined, true],
    ['assignee', 'is_not_set', undefined, true],
    ['assignee', 'in', [AGENT], false],
    ['status', 'in', ['pending'], true],
    ['priority', 'not_in', ['low', 'normal'], true],
    ['tags', 'has_any', ['VIP', 'x'], true],
    ['tags', 'has_all', ['vip', 'x'], false],
    ['tags', 'has_none', ['spam'], true],
    ['customer.tags', 'has_any', ['gold'], true],
    ['ticket.fields.product', 'eq', 'router x', true],
    ['ticket.fields.product', 'neq', 'Router X', false],
    ['ticket.fields.seats', 'gte', 10, true],
    ['ticket.fields.seats', 'lt', 10, false],
    ['ticket.fields.modules', 'has_any', ['wifi'], true],
    ['ticket.fields.renewal', 'lt', '2026-07-01', true],
    ['ticket.fields.missing', 'is_not_set', undefined, true],
    ['customer.fields.tier', 'contains', 'enter', true],
    ['subject', 'contains', 'INVOICE', true],
    ['message.text', 'contains', 'refund', true],
    ['message.text', 'not_contains', 'refund', false],
    ['message.text', 'matches', 'order #\\d{4}', true],
    ['message.text', 'matches', '^refund', false],
    ['language', 'in', ['de'], true],
    ['language', 'in', ['de-DE'], false],
    ['sender.address', 'in', ['ANN@mail.vip.example.com'], true],
    ['sender.domain', 'in', ['vip.example.com'], true],
    ['sender.domain', 'not_in', ['@vip.example.com'], false],
    ['business_hours', 'within', CAL, true],
    ['business_hours', 'outside', CAL, false],
  ])('%s %s %j → %s', (field, op, value, holds) => {
    expect(one(field, op, value).holds).toBe(holds);
  });

  it('counts hours since an anchor in calendar hours or in a calendar’s opening hours (skipping a holiday)', () => {
    expect(one('hours_since.created', 'gte', 96).actual).toBe(96);
    // Mon 7 h + Tue 8 h + (Wed holiday) + Thu 8 h + Fri 1 h.
    expect(one('hours_since.status_changed', 'gte', 24, CAL)).toMatchObject({ actual: 24, holds: true });
    expect(one('hours_since.customer_message', 'lt', 24)).toMatchObject({ actual: 24, holds: false });
    expect(one('hours_since.agent_message', 'gte', 1)).toMatchObject({ actual: null, holds: false });
  });

  it('combines all and any, one level deep; an empty group holds', () => {
    const group = conditionGroupSchema.parse({
      match: 'all',
      conditions: [
        { field: 'channel', op: 'in', value: ['email'] },
        {
          match: 'any',
          conditions: [
            { field: 'priority', op: 'in', value: ['low'] },
            { field: 'tags', op: 'has_any', value: ['vip'] },
          ],
        },
      ],
    });
    expect(evaluateConditions(group, facts).holds).toBe(true);
    expect(evaluateConditions({ ...group, match: 'any' }, { ...facts, ticket: { ...ticket, channel: 'widget', tags: [] } }).holds).toBe(
      false,
    );
    expect(evaluateConditions({ match: 'any', conditions: [] }, facts).holds).toBe(true);
  });

  it('message conditions do not hold on events without a message', () => {
    const group = conditionGroupSchema.parse({ match: 'all', conditions: [{ field: 'message.text', op: 'not_contains', value: 'x' }] });
    expect(evaluateConditions(group, { ...facts, message: null }).holds).toBe(false);
  });
});
