import { describe, expect, it } from 'vitest';
import { threadItems } from '../../web/src/lib/thread-items.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();
const message = (id: string, minute: number) => ({ id, createdAt: at(minute) });
const event = (id: string, kind: string, minute: number, to: string | null = null) => ({ id, kind, to, createdAt: at(minute) });

type Row = { kind: 'message'; message: { id: string } } | { kind: 'event'; event: { id: string } };
const order = (items: Row[]) => items.map((i) => (i.kind === 'message' ? i.message.id : i.event.id));

describe('the conversation with its ending', () => {
  it('places resolutions, ratings and reopenings between the messages by time, and leaves other history out', () => {
    const messages = [message('m1', 1), message('m2', 3), message('m3', 9)];
    const events = [
      event('created', 'created', 0),
      event('assigned', 'assigned', 2),
      event('resolved', 'status_changed', 4, 'resolved'),
      event('pending', 'status_changed', 2, 'pending'),
      event('rated', 'csat_rated', 6, '4'),
      event('reopened', 'reopened', 9, 'open'),
      event('closed', 'status_changed', 12, 'closed'),
    ];
    expect(order(threadItems(messages, events))).toEqual(['m1', 'm2', 'resolved', 'rated', 'reopened', 'm3', 'closed']);
  });

  it('puts a resolution sent with a reply after it', () => {
    expect(order(threadItems([message('reply', 5)], [event('resolved', 'status_changed', 5, 'resolved')]))).toEqual(['reply', 'resolved']);
  });
});
