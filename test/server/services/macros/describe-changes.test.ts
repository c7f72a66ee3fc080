import { describe, expect, it } from 'vitest';
import type { tickets } from '../../../../server/db/schema/index.ts';
import type { Action } from '../../../../server/services/automation/schema.ts';
import type { PlaceholderValues } from '../../../../server/services/canned-responses/placeholders.ts';
import { describeChanges } from '../../../../server/services/macros/describe-changes.ts';

const ticket = {
  id: 't1',
  number: 42,
  subject: 'Broken kettle',
  status: 'open',
  priority: 'normal',
  assigneeId: null,
  teamId: 'team-a',
  tags: ['vip'],
  customerId: 'c1',
} as unknown as typeof tickets.$inferSelect;
const values: PlaceholderValues = {
  'customer.name': 'Mei Chen',
  'customer.first_name': 'Mei',
  'customer.email': 'mei@example.com',
  'agent.name': 'Bo Agent',
  'agent.first_name': 'Bo',
  'ticket.number': '42',
  'ticket.subject': 'Broken kettle',
};

describe('describeChanges: what a macro would do to one ticket', () => {
  it('fills placeholders in replies and notes, and each action sees the ticket as the previous one left it', () => {
    const actions: Action[] = [
      { type: 'send_reply', cannedResponseId: 'c-1' },
      { type: 'add_note', text: '{{agent.first_name}} approved #{{ticket.number}}' },
      { type: 'add_tags', tags: ['vip', 'refund'] },
      { type: 'remove_tags', tags: ['vip', 'spam'] },
      { type: 'set_status', status: 'pending' },
      { type: 'set_status', status: 'resolved' },
      { type: 'set_priority', priority: 'normal' },
    ];
    const canned = new Map([['c-1', 'Hi {{customer.first_name}}, about “{{ticket.subject}}”: refunded.']]);
    expect(describeChanges(ticket, actions, values, canned)).toEqual([
      { type: 'send_reply', text: 'Hi Mei, about “Broken kettle”: refunded.', unchanged: false },
      { type: 'add_note', text: 'Bo approved #42', unchanged: false },
      { type: 'add_tags', tags: ['refund'], unchanged: false },
      { type: 'remove_tags', tags: ['vip'], unchanged: false },
      { type: 'set_status', from: 'open', to: 'pending', unchanged: false },
      { type: 'set_status', from: 'pending', to: 'resolved', unchanged: false },
      { type: 'set_priority', from: 'normal', to: 'normal', unchanged: true },
    ]);
  });

  it('marks what is already so as unchanged, and names people and teams by id for the console', () => {
    const actions: Action[] = [
      { type: 'add_tags', tags: ['vip'] },
      { type: 'assign_team', teamId: 'team-a' },
      { type: 'assign_agent', userId: 'u-2' },
      { type: 'unassign' },
      { type: 'email_user', userId: 'u-3', subject: 'Ticket #{{ticket.number}}', text: 'See {{customer.name}}' },
      { type: 'snooze', hours: 4 },
      { type: 'mark_spam' },
    ];
    expect(describeChanges(ticket, actions, values, new Map())).toEqual([
      { type: 'add_tags', tags: [], unchanged: true },
      { type: 'assign_team', from: 'team-a', to: 'team-a', unchanged: true },
      { type: 'assign_agent', from: null, to: 'u-2', unchanged: false },
      { type: 'unassign', from: 'u-2', to: null, unchanged: false },
      { type: 'email_user', to: 'u-3', subject: 'Ticket #42', text: 'See Mei Chen', unchanged: false },
      { type: 'snooze', hours: 4, unchanged: false },
      { type: 'mark_spam', unchanged: false },
    ]);
  });

  it('shows a ticket field from and to, and a customer field as set', () => {
    const withFields = { ...ticket, customFields: { product: 'Kettle', parts: ['lid'] } } as typeof ticket;
    const actions: Action[] = [
      { type: 'set_field', entity: 'ticket', key: 'product', value: 'Toaster' },
      { type: 'set_field', entity: 'ticket', key: 'parts', value: ['lid'] },
      { type: 'set_field', entity: 'customer', key: 'tier', value: 'gold' },
    ];
    expect(describeChanges(withFields, actions, values, new Map())).toEqual([
      { type: 'set_field', field: 'ticket.product', from: 'Kettle', to: 'Toaster', unchanged: false },
      { type: 'set_field', field: 'ticket.parts', from: 'lid', to: 'lid', unchanged: true },
      { type: 'set_field', field: 'customer.tier', to: 'gold', unchanged: false },
    ]);
  });
});
