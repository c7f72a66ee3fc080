import { describe, expect, it } from 'vitest';
import type { WidgetMessage } from '../../../../channels/widget/protocol.ts';
import {
  displayList,
  lastAgentMessageId,
  mergeMessages,
  seenMessageId,
  unreadCount,
} from '../../../../channels/widget/client/src/lib/conversation.ts';
import type { PendingMessage } from '../../../../channels/widget/client/src/lib/outbox.ts';

let clock = Date.parse('2025-03-01T10:00:00Z');
const msg = (id: string, author: WidgetMessage['author'], text: string, clientId: string | null = null): WidgetMessage => ({
  id,
  clientId,
  author,
  agent: author === 'agent' ? { name: 'Bo Agent', avatarUrl: null } : null,
  text,
  attachments: [],
  createdAt: new Date((clock += 1_000)).toISOString(),
});
const pending = (clientId: string, text: string): PendingMessage => ({
  clientId,
  text,
  attachments: [],
  createdAt: new Date().toISOString(),
});

describe('merging the conversation', () => {
  it('shows a message once when it arrives as an ack, as a message event (another tab) and again in welcome', () => {
    const mine = msg('m1', 'customer', 'hi', 'c1');
    let list = mergeMessages([], [mine]);
    list = mergeMessages(list, [mine]); // `message` from another tab
    list = mergeMessages(list, [{ ...mine }]); // a resend's ack returns the original
    const welcome = [mine, msg('m2', 'agent', 'hello!')];
    expect(mergeMessages(list, welcome).map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('matches a resend by clientId even before it knew the server id, and keeps time order', () => {
    const early = msg('m1', 'customer', 'one', 'c1');
    const later = msg('m2', 'agent', 'two');
    const list = mergeMessages([later], [early, { ...early }]);
    expect(list.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('lists unacked messages after the sent ones as "sending", and drops one as soon as the server has its clientId', () => {
    const sent = [msg('m1', 'customer', 'hello', 'c0')];
    const queue = [pending('c1', 'first offline'), pending('c2', 'second offline')];
    expect(displayList(sent, queue).map((i) => [i.text, i.status])).toEqual([
      ['hello', 'sent'],
      ['first offline', 'sending'],
      ['second offline', 'sending'],
    ]);
    const arrived = [...sent, msg('m2', 'customer', 'first offline', 'c1')];
    expect(displayList(arrived, queue).map((i) => [i.text, i.status])).toEqual([
      ['hello', 'sent'],
      ['first offline', 'sent'],
      ['second offline', 'sending'],
    ]);
    expect(displayList(arrived, [], [{ ...pending('c9', 'too long'), error: 'Text is too long' }]).at(-1)).toMatchObject({
      status: 'failed',
      error: 'Text is too long',
    });
  });
});

describe('read markers', () => {
  const list = [msg('a1', 'customer', 'q1'), msg('b1', 'agent', 'answer'), msg('a2', 'customer', 'q2'), msg('a3', 'customer', 'q3')];

  it('marks the customer\'s last message "Seen" only when the agent has read up to it', () => {
    expect(seenMessageId(list, null)).toBeNull();
    expect(seenMessageId(list, 'a2')).toBeNull();
    expect(seenMessageId(list, 'a3')).toBe('a3');
    expect(seenMessageId(list, 'unknown')).toBeNull();
    expect(seenMessageId([...list, msg('b2', 'agent', 'more')], 'b2')).toBe('a3');
  });

  it('tells which agent message to report as read and how many are unread', () => {
    expect(lastAgentMessageId(list)).toBe('b1');
    expect(lastAgentMessageId([list[0]!])).toBeNull();
    const more = [...list, msg('b2', 'agent', 'x'), msg('b3', 'agent', 'y')];
    expect(unreadCount(more, null)).toBe(3);
    expect(unreadCount(more, 'b1')).toBe(2);
    expect(unreadCount(more, 'b3')).toBe(0);
  });
});
