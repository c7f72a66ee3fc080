interface Timed {
  createdAt: string;
}
interface HistoryEvent extends Timed {
  kind: string;
  to: string | null;
}

/** A row of the conversation: a message, or the moment it was resolved, closed, reopened or rated. */
export type ThreadItem<M extends Timed, E extends HistoryEvent> =
  { kind: 'message'; at: string; message: M } | { kind: 'event'; at: string; event: E };

/** History events the conversation itself shows, where they happened between the messages. */
export function isThreadEvent(e: HistoryEvent): boolean {
  if (e.kind === 'reopened' || e.kind === 'csat_rated') return true;
  return e.kind === 'status_changed' && (e.to === 'resolved' || e.to === 'closed');
}

/**
 * Messages and the events above in time order. At the same instant (one transaction) a reopening comes before the
 * customer message that caused it, and a resolution after the reply it was sent with.
 */
export function threadItems<M extends Timed, E extends HistoryEvent>(messages: readonly M[], events: readonly E[]): ThreadItem<M, E>[] {
  const items: ThreadItem<M, E>[] = [
    ...messages.map((message) => ({ kind: 'message' as const, at: message.createdAt, message })),
    ...events.filter(isThreadEvent).map((event) => ({ kind: 'event' as const, at: event.createdAt, event })),
  ];
  const time = (i: ThreadItem<M, E>) => Date.parse(i.at) || 0;
  const rank = (i: ThreadItem<M, E>) => (i.kind === 'message' ? 1 : i.event.kind === 'reopened' ? 0 : 2);
  return items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => time(a.item) - time(b.item) || rank(a.item) - rank(b.item) || a.order - b.order)
    .map((x) => x.item);
}
