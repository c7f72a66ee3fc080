import type { businessCalendars, slaClocks, slaPolicies } from '../../db/schema/index.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCalendar(c: typeof businessCalendars.$inferSelect) {
  return {
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    weeklyHours: c.weeklyHours,
    holidays: c.holidays,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type CalendarView = ReturnType<typeof presentCalendar>;

export function presentPolicy(p: typeof slaPolicies.$inferSelect) {
  return {
    id: p.id,
    name: p.name,
    teamId: p.teamId,
    calendarId: p.calendarId,
    targets: p.targets,
    warnAtPercent: p.warnAtPercent,
    breachAction: p.breachAction,
    raisePriority: p.raisePriority,
    notifyEmail: p.notifyEmail,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type PolicyView = ReturnType<typeof presentPolicy>;

export function presentClock(c: typeof slaClocks.$inferSelect) {
  return {
    metric: c.metric,
    state: c.state,
    policyId: c.policyId,
    targetMs: c.targetMs,
    consumedMs: c.consumedMs,
    cycleStartedAt: c.cycleStartedAt.toISOString(),
    warnAt: iso(c.warnAt),
    dueAt: iso(c.dueAt),
    warnedAt: iso(c.warnedAt),
    breachedAt: iso(c.breachedAt),
  };
}
export type ClockView = ReturnType<typeof presentClock>;
