import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import {
  csatResponses,
  customers,
  slaClocks,
  teamMembers,
  teams,
  ticketRouting,
  tickets,
  users,
  type ChannelKind,
  type ClockState,
  type SlaMetric,
  type TicketStatus,
} from '../../server/db/schema/index.ts';
import { buildUser } from './factories.ts';
import { sh } from './report-world.ts';

/** "Now" in the dashboard world: Tuesday 2026-03-10, 15:00 in Shanghai (UTC+8). */
export const NOW = sh('2026-03-10T15:00');
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

interface Spec {
  team?: 'billing' | 'sales';
  channel: ChannelKind;
  status: TicketStatus;
  assignee?: 'alice' | 'bob';
  /** Minutes before NOW it joined the queue (and was created); absent: never routed. */
  queued?: number;
  created?: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  clocks?: Array<{ metric: SlaMetric; state: ClockState; warnAt?: Date; warnedAt?: Date; dueAt: Date; breachedAt?: Date }>;
}

/**
 * A contact center at 15:00 on a Tuesday, small enough that every dashboard number is worked out by hand in
 * dashboard.test.ts. W* wait in queues, A* are assigned, F* carry today's response and resolution times.
 */
const specs: Record<string, Spec> = {
  W1: {
    team: 'billing',
    channel: 'email',
    status: 'new',
    queued: 30,
    clocks: [{ metric: 'resolution', state: 'running', warnAt: minutesAgo(1), dueAt: minutesAgo(-60) }],
  },
  W2: {
    team: 'billing',
    channel: 'email',
    status: 'open',
    queued: 10,
    clocks: [{ metric: 'first_response', state: 'met', dueAt: minutesAgo(5), breachedAt: minutesAgo(5) }],
  },
  W3: {
    team: 'billing',
    channel: 'widget',
    status: 'new',
    queued: 5,
    clocks: [{ metric: 'next_response', state: 'running', dueAt: minutesAgo(1) }],
  },
  W4: { team: 'billing', channel: 'telegram', status: 'pending', queued: 50 },
  W5: { team: 'sales', channel: 'email', status: 'new' },
  A1: {
    team: 'billing',
    channel: 'widget',
    status: 'open',
    assignee: 'alice',
    queued: 40,
    clocks: [{ metric: 'first_response', state: 'running', warnAt: minutesAgo(5), warnedAt: minutesAgo(5), dueAt: minutesAgo(-10) }],
  },
  A2: {
    team: 'billing',
    channel: 'email',
    status: 'pending',
    assignee: 'alice',
    queued: 45,
    clocks: [{ metric: 'first_response', state: 'paused', warnedAt: minutesAgo(20), dueAt: minutesAgo(2) }],
  },
  A3: {
    team: 'sales',
    channel: 'telegram',
    status: 'new',
    assignee: 'bob',
    queued: 60,
    clocks: [
      { metric: 'first_response', state: 'running', warnedAt: minutesAgo(30), dueAt: minutesAgo(20), breachedAt: minutesAgo(20) },
      { metric: 'resolution', state: 'running', warnAt: minutesAgo(3), warnedAt: minutesAgo(3), dueAt: minutesAgo(-100) },
    ],
  },
  F1: {
    channel: 'email',
    status: 'resolved',
    created: sh('2026-03-10T09:00'),
    firstResponseAt: sh('2026-03-10T09:10'),
    resolvedAt: sh('2026-03-10T10:00'),
  },
  F2: {
    channel: 'widget',
    status: 'resolved',
    created: sh('2026-03-10T10:00'),
    firstResponseAt: sh('2026-03-10T10:30'),
    resolvedAt: sh('2026-03-10T12:00'),
  },
  F3: { channel: 'email', status: 'pending', created: sh('2026-03-10T11:00'), firstResponseAt: sh('2026-03-10T12:00') },
  F4: {
    channel: 'email',
    status: 'closed',
    created: sh('2026-03-09T20:00'),
    firstResponseAt: sh('2026-03-10T08:00'),
    resolvedAt: sh('2026-03-10T13:00'),
  },
  F5: {
    channel: 'telegram',
    status: 'resolved',
    created: sh('2026-03-10T14:00'),
    firstResponseAt: sh('2026-03-10T14:20'),
    resolvedAt: sh('2026-03-10T14:50'),
  },
  Y1: {
    channel: 'email',
    status: 'resolved',
    created: sh('2026-03-09T10:00'),
    firstResponseAt: sh('2026-03-09T10:05'),
    resolvedAt: sh('2026-03-09T11:00'),
  },
};

export async function seedDashboardWorld(ctx: ServiceContext) {
  const alice = await buildUser(ctx, { name: 'Alice Wang', roles: ['agent'] });
  const bob = await buildUser(ctx, { name: 'Bob Li', roles: ['agent'] });
  const carol = await buildUser(ctx, { name: 'Carol Idle', roles: ['agent'] });
  await buildUser(ctx, { name: 'Sam Supervisor', roles: ['supervisor'] });
  await ctx.db.update(users).set({ presence: 'online' }).where(eqId(alice.id));
  await ctx.db.update(users).set({ presence: 'away' }).where(eqId(bob.id));
  const [billing] = await ctx.db.insert(teams).values({ name: 'Billing' }).returning();
  const [sales] = await ctx.db.insert(teams).values({ name: 'Sales' }).returning();
  await ctx.db.insert(teamMembers).values([
    { teamId: billing!.id, userId: alice.id, capacity: 3 },
    { teamId: sales!.id, userId: bob.id, capacity: 5 },
  ]);
  const [customer] = await ctx.db.insert(customers).values({ name: 'Wei Zhang', email: 'c@example.com' }).returning();
  const teamIds = { billing: billing!.id, sales: sales!.id };
  const people = { alice: alice.id, bob: bob.id };
  const ids: Record<string, string> = {};
  const numbers: Record<string, number> = {};
  for (const [key, s] of Object.entries(specs)) {
    const created = s.created ?? minutesAgo(s.queued ?? 15);
    const [row] = await ctx.db
      .insert(tickets)
      .values({
        subject: `Ticket ${key}`,
        status: s.status,
        channel: s.channel,
        threadKey: `dash-${key}`,
        customerId: customer!.id,
        teamId: s.team ? teamIds[s.team] : null,
        assigneeId: s.assignee ? people[s.assignee] : null,
        firstResponseAt: s.firstResponseAt ?? null,
        resolvedAt: s.resolvedAt ?? null,
        createdAt: created,
        updatedAt: created,
        lastMessageAt: created,
      })
      .returning();
    ids[key] = row!.id;
    numbers[key] = row!.number;
    if (s.queued !== undefined) await ctx.db.insert(ticketRouting).values({ ticketId: row!.id, queuedAt: created, routedAt: created });
    for (const c of s.clocks ?? []) {
      await ctx.db.insert(slaClocks).values({
        ticketId: row!.id,
        metric: c.metric,
        state: c.state,
        targetMs: 3_600_000,
        warnMs: 2_880_000,
        cycleStartedAt: created,
        resumedAt: c.state === 'running' ? created : null,
        warnAt: c.warnAt ?? null,
        warnedAt: c.warnedAt ?? null,
        dueAt: c.dueAt,
        breachedAt: c.breachedAt ?? null,
      });
    }
  }
  const rate = (key: string, rating: number, at: Date) => ({
    ticketId: ids[key]!,
    channel: specs[key]!.channel,
    rating,
    resolvedAt: at,
    createdAt: at,
  });
  await ctx.db
    .insert(csatResponses)
    .values([
      rate('F1', 5, sh('2026-03-10T10:30')),
      rate('F2', 5, sh('2026-03-10T12:30')),
      rate('F5', 4, sh('2026-03-10T14:55')),
      rate('F4', 2, sh('2026-03-10T13:30')),
      rate('Y1', 1, sh('2026-03-09T12:00')),
    ]);
  return { ids, numbers, billing: billing!, sales: sales!, alice, bob, carol };
}

const eqId = (id: string) => eq(users.id, id);
