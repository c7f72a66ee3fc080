import { and, asc, eq } from 'drizzle-orm';
import type { InboundMessage } from '../../../../channels/types.ts';
import type { ServiceContext } from '../../../../server/context.ts';
import { slaClocks, ticketEvents, tickets, type SlaMetric } from '../../../../server/db/schema/index.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { routeTicket } from '../../../../server/services/routing/route-ticket.ts';
import { createCalendar } from '../../../../server/services/sla/create-calendar.ts';
import { createPolicy } from '../../../../server/services/sla/create-policy.ts';
import type { CreatePolicyInput } from '../../../../server/services/sla/policy-input.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import type { TestContext } from '../../../support/context.ts';
import { buildInbound } from '../../../support/factories.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Weekdays 09:00-12:00 and 13:00-17:00 in Berlin, with the given holidays. */
export async function berlinCalendar(ctx: ServiceContext, admin: Actor, holidays: string[] = []) {
  const shifts = [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ];
  return createCalendar(ctx, admin, {
    name: `Berlin ${Math.random()}`,
    timeZone: 'Europe/Berlin',
    weeklyHours: { mon: shifts, tue: shifts, wed: shifts, thu: shifts, fri: shifts },
    holidays: holidays.map((date) => ({ date, name: 'holiday' })),
  });
}

export async function policy(ctx: ServiceContext, admin: Actor, input: Partial<CreatePolicyInput> = {}) {
  return createPolicy(ctx, admin, { name: `SLA ${Math.random()}`, targets: { normal: { firstResponse: 60, resolution: 480 } }, ...input });
}

/**
 * Holds ctx.now() still at what clock.set/advance last made it: the shared clock otherwise moves on with real
 * time, and due times are asserted to the millisecond.
 */
export function pinClock(t: TestContext): void {
  let at = Date.now();
  const { set, advance } = t.clock;
  t.clock.set = (d: Date) => {
    set.call(t.clock, d);
    at = d.getTime();
  };
  t.clock.advance = (ms: number) => {
    advance.call(t.clock, ms);
    at += ms;
  };
  t.ctx.now = () => new Date(at);
}

/** A ticket opened by a customer at `at` (fake clock) and routed, as the outbox job would. */
export async function openTicketAt(t: TestContext, at: Date, overrides: Partial<InboundMessage> = {}) {
  t.clock.set(at);
  const r = await ingest(t.ctx, buildInbound(overrides));
  await routeTicket(t.ctx, r.ticketId);
  return r;
}

export async function ticketRow(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

export async function clock(ctx: ServiceContext, ticketId: string, metric: SlaMetric) {
  const [row] = await ctx.db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.metric, metric)));
  return row;
}

export async function history(ctx: ServiceContext, ticketId: string) {
  return ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));
}

export const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
