import type { SlaMetric, SlaTarget, slaClocks, tickets } from '../../db/schema/index.ts';
import { addBusinessTime, businessTimeBetween, type Hours } from './business-time.ts';

type TicketRow = typeof tickets.$inferSelect;
export type ClockRow = typeof slaClocks.$inferSelect;
export type TicketFacts = Pick<
  TicketRow,
  'status' | 'priority' | 'createdAt' | 'firstResponseAt' | 'lastCustomerMessageAt' | 'lastAgentMessageAt'
>;

export interface PolicyTerms {
  id: string;
  target: SlaTarget;
  warnAtPercent: number;
  hours: Hours;
}

export type Desired =
  | { metric: SlaMetric; active: false; state: 'met' | 'stopped' }
  | { metric: SlaMetric; active: true; cycleStart: Date; paused: boolean; targetMs: number };

const targetKey = { first_response: 'firstResponse', next_response: 'nextResponse', resolution: 'resolution' } as const;
const MINUTE = 60_000;

/**
 * What each clock should be doing, derived only from the ticket's own columns, so a missed event is repaired
 * by the next sync. Waiting on the customer (pending) pauses every clock; a resolved ticket has met resolution
 * but resumes it if reopened.
 */
export function desiredClocks(t: TicketFacts, terms: PolicyTerms | null, current: Map<SlaMetric, ClockRow>): Desired[] {
  const minutes = (m: SlaMetric) => terms?.target[targetKey[m]];
  const done = t.status === 'resolved' || t.status === 'closed';
  const paused = t.status === 'pending';
  const plan = (metric: SlaMetric, applies: boolean, met: boolean, cycleStart: Date | null): Desired => {
    const m = minutes(metric);
    if (met) return { metric, active: false, state: 'met' };
    if (!applies || !m || !cycleStart || done) return { metric, active: false, state: 'stopped' };
    return { metric, active: true, cycleStart, paused, targetMs: m * MINUTE };
  };

  const lastReply = t.lastAgentMessageAt ?? t.firstResponseAt;
  const awaitingReply = !!t.firstResponseAt && !!t.lastCustomerMessageAt && (!lastReply || t.lastCustomerMessageAt > lastReply);
  const runningNext = current.get('next_response');
  // A next-response cycle starts at the first customer message after the last reply; keep it while it lasts.
  const nextStart =
    runningNext && runningNext.state !== 'met' && (!lastReply || runningNext.cycleStartedAt > lastReply)
      ? runningNext.cycleStartedAt
      : t.lastCustomerMessageAt;
  return [
    plan('first_response', true, !!t.firstResponseAt, t.createdAt),
    plan('next_response', awaitingReply, !awaitingReply && !!runningNext && runningNext.state !== 'stopped', nextStart),
    plan('resolution', true, done && t.status === 'resolved', t.createdAt),
  ];
}

type ClockValues = Omit<ClockRow, 'ticketId' | 'updatedAt'>;

/** The clock's next state given what it should be doing at `now`; null when nothing changes. */
export function nextClock(current: ClockRow | undefined, d: Desired, terms: PolicyTerms | null, now: Date): ClockValues | null {
  const hours = terms?.hours ?? null;
  const consumedNow = (c: ClockRow) =>
    c.consumedMs + (c.state === 'running' && c.resumedAt ? businessTimeBetween(hours, c.resumedAt, now) : 0);

  if (!d.active) {
    if (!current || current.state === d.state) return null;
    return { ...strip(current), state: d.state, consumedMs: consumedNow(current), resumedAt: null, dueAt: null, warnAt: null };
  }

  const newCycle = !current || current.cycleStartedAt.getTime() !== d.cycleStart.getTime();
  let next: ClockValues;
  if (newCycle) {
    const base = { metric: d.metric, cycleStartedAt: d.cycleStart, warnedAt: null, breachedAt: null } as const;
    next = d.paused
      ? ({ ...base, state: 'paused', consumedMs: businessTimeBetween(hours, d.cycleStart, now), resumedAt: null } as ClockValues)
      : ({ ...base, state: 'running', consumedMs: 0, resumedAt: d.cycleStart } as ClockValues);
  } else if (current.state === 'running' && d.paused) {
    next = { ...strip(current), state: 'paused', consumedMs: consumedNow(current), resumedAt: null };
  } else if (current.state !== 'running' && !d.paused) {
    next = { ...strip(current), state: 'running', resumedAt: now };
  } else {
    next = strip(current);
  }
  next.policyId = terms?.id ?? null;
  next.targetMs = d.targetMs;
  next.warnMs = Math.floor((d.targetMs * (terms?.warnAtPercent ?? 80)) / 100);
  const running = next.state === 'running' && next.resumedAt;
  next.dueAt = running ? addBusinessTime(hours, next.resumedAt!, next.targetMs - next.consumedMs) : null;
  next.warnAt = running ? addBusinessTime(hours, next.resumedAt!, next.warnMs - next.consumedMs) : null;
  return current && same(strip(current), next) ? null : next;
}

function strip(c: ClockRow): ClockValues {
  const { ticketId: _t, updatedAt: _u, ...rest } = c;
  return { ...rest } as ClockValues;
}

const stamp = (v: unknown) => (v instanceof Date ? v.getTime() : v);
const same = (a: ClockValues, b: ClockValues) => (Object.keys(b) as (keyof ClockValues)[]).every((k) => stamp(a[k]) === stamp(b[k]));
