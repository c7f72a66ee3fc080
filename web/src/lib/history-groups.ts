/** Kinds that say "one more of the same" when they follow each other: five customer messages read as one line. */
const groupable = new Set(['message_received', 'replied', 'note_added']);

interface GroupableEvent {
  kind: string;
  actorType: string;
  actorId: string | null;
  createdAt: string;
}

export interface HistoryGroup<E extends GroupableEvent> {
  /** The first event of the run (its id keys the row). */
  first: E;
  /** The last event of the run (the same as first for a single event). */
  last: E;
  count: number;
}

/** Consecutive events of the same groupable kind by the same actor, folded into one row; everything else stays one row each. */
export function groupHistory<E extends GroupableEvent>(events: readonly E[]): HistoryGroup<E>[] {
  const out: HistoryGroup<E>[] = [];
  for (const e of events) {
    const prev = out.at(-1);
    if (prev && groupable.has(e.kind) && sameRun(prev.last, e)) {
      prev.last = e;
      prev.count++;
    } else {
      out.push({ first: e, last: e, count: 1 });
    }
  }
  return out;
}

const sameRun = (a: GroupableEvent, b: GroupableEvent) => a.kind === b.kind && a.actorType === b.actorType && a.actorId === b.actorId;
