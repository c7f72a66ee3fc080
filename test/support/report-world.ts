import type { ServiceContext } from '../../server/context.ts';
import {
  businessCalendars,
  csatResponses,
  customers,
  kbArticles,
  kbDeflections,
  messages,
  slaPolicies,
  teamMembers,
  teams,
  ticketArticleLinks,
  ticketEvents,
  tickets,
  type ChannelKind,
} from '../../server/db/schema/index.ts';
import { buildUser } from './factories.ts';

/** Shanghai wall-clock time (UTC+8 all year, no DST) as an instant: the fixture is written in local time. */
export const sh = (local: string) => new Date(`${local}:00+08:00`);

type Step = [at: string, to: 'new' | 'open' | 'pending' | 'resolved' | 'closed', kind?: 'status_changed' | 'reopened'];

interface TicketSpec {
  key: string;
  channel: ChannelKind;
  team: boolean;
  assignee?: 'alice' | 'bob';
  assignedAt?: string;
  /** Status history after creation (created is the first row, status new). */
  steps: Step[];
  replies?: Array<[at: string, by: 'alice' | 'bob']>;
}

/**
 * One week (Mon 2026-03-02 .. Sun 2026-03-08, Asia/Shanghai) of a small support team, written so every report
 * number can be worked out by hand; the expected values and their arithmetic are in reports.test.ts.
 * Calendar: Mon-Fri 09:00-18:00 Shanghai, Friday 2026-03-06 a holiday. T5 has no team: the default policy has
 * no calendar, so its clock runs around the clock.
 */
const specs: TicketSpec[] = [
  { key: 'T7', channel: 'api', team: true, steps: [['2026-03-02T00:30', 'new']] },
  {
    key: 'T1',
    channel: 'email',
    team: true,
    assignee: 'alice',
    assignedAt: '2026-03-02T09:10',
    steps: [
      ['2026-03-02T09:00', 'new'],
      ['2026-03-02T09:50', 'open'],
      ['2026-03-02T11:00', 'resolved'],
    ],
    replies: [['2026-03-02T09:50', 'alice']],
  },
  {
    key: 'T2',
    channel: 'widget',
    team: true,
    assignee: 'alice',
    assignedAt: '2026-03-02T17:00',
    steps: [
      ['2026-03-02T17:00', 'new'],
      ['2026-03-03T10:00', 'open'],
      ['2026-03-03T10:30', 'pending'],
      ['2026-03-03T14:00', 'open'],
      ['2026-03-03T15:00', 'resolved'],
    ],
    replies: [['2026-03-03T10:00', 'alice']],
  },
  {
    key: 'T4',
    channel: 'email',
    team: true,
    assignee: 'bob',
    assignedAt: '2026-03-04T08:30',
    steps: [
      ['2026-03-04T08:30', 'new'],
      ['2026-03-04T09:10', 'open'],
      ['2026-03-04T12:00', 'resolved'],
    ],
    replies: [['2026-03-04T09:10', 'bob']],
  },
  {
    key: 'T3',
    channel: 'telegram',
    team: true,
    assignee: 'bob',
    assignedAt: '2026-03-05T20:00',
    steps: [
      ['2026-03-05T20:00', 'new'],
      ['2026-03-09T09:45', 'open'],
    ],
    replies: [['2026-03-09T09:45', 'bob']],
  },
  {
    key: 'T6',
    channel: 'widget',
    team: true,
    assignee: 'alice',
    assignedAt: '2026-03-06T09:00',
    steps: [
      ['2026-03-06T09:00', 'new'],
      ['2026-03-06T09:05', 'open'],
      ['2026-03-06T09:35', 'resolved'],
      ['2026-03-06T10:00', 'open', 'reopened'],
      ['2026-03-06T10:10', 'resolved'],
    ],
    replies: [
      ['2026-03-06T09:05', 'alice'],
      ['2026-03-06T10:05', 'alice'],
    ],
  },
  { key: 'T5', channel: 'email', team: false, steps: [['2026-03-07T12:00', 'new']] },
];

export async function seedReportWorld(ctx: ServiceContext) {
  const alice = await buildUser(ctx, { name: 'Alice Wang', roles: ['agent'] });
  const bob = await buildUser(ctx, { name: 'Bob Li', roles: ['agent'] });
  const carol = await buildUser(ctx, { name: 'Carol Idle', roles: ['agent'] });
  const supervisor = await buildUser(ctx, { name: 'Sam Supervisor', roles: ['supervisor'] });
  const people = { alice, bob };
  const [team] = await ctx.db.insert(teams).values({ name: 'Support' }).returning();
  await ctx.db.insert(teamMembers).values([
    { teamId: team!.id, userId: alice.id },
    { teamId: team!.id, userId: bob.id },
  ]);
  const weekday = [{ start: '09:00', end: '18:00' }];
  const [calendar] = await ctx.db
    .insert(businessCalendars)
    .values({
      name: 'Shanghai office',
      timeZone: 'Asia/Shanghai',
      weeklyHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
      holidays: [{ date: '2026-03-06', name: 'Office closed' }],
    })
    .returning();
  await ctx.db.insert(slaPolicies).values([
    { name: 'Default', teamId: null, calendarId: null, targets: {} },
    { name: 'Support hours', teamId: team!.id, calendarId: calendar!.id, targets: {} },
  ]);
  const [customer] = await ctx.db.insert(customers).values({ name: 'Wei Zhang', email: 'c@example.com' }).returning();

  const ids: Record<string, string> = {};
  for (const spec of specs) {
    const created = sh(spec.steps[0]![0]);
    const last = spec.steps.at(-1)!;
    const firstOpen = spec.steps.find((s) => s[1] === 'open');
    const resolved = last[1] === 'resolved' ? sh(last[0]) : null;
    const [row] = await ctx.db
      .insert(tickets)
      .values({
        subject: `Ticket ${spec.key}`,
        status: last[1],
        channel: spec.channel,
        threadKey: `report-${spec.key}`,
        customerId: customer!.id,
        teamId: spec.team ? team!.id : null,
        assigneeId: spec.assignee ? people[spec.assignee].id : null,
        firstResponseAt: firstOpen ? sh(firstOpen[0]) : null,
        resolvedAt: resolved,
        createdAt: created,
        updatedAt: created,
      })
      .returning();
    const ticketId = row!.id;
    ids[spec.key] = ticketId;
    let from: string | null = null;
    for (const [at, to, kind] of spec.steps) {
      await ctx.db.insert(ticketEvents).values({
        ticketId,
        actorType: 'system',
        kind: from === null ? 'created' : (kind ?? 'status_changed'),
        fromValue: from,
        toValue: to,
        createdAt: sh(at),
      });
      from = to;
    }
    if (spec.assignee) {
      await ctx.db
        .insert(ticketEvents)
        .values({ ticketId, actorType: 'system', kind: 'assigned', toValue: people[spec.assignee].id, createdAt: sh(spec.assignedAt!) });
    }
    for (const [at, by] of spec.replies ?? []) {
      await ctx.db.insert(messages).values({
        ticketId,
        direction: 'out',
        channel: spec.channel,
        authorUserId: people[by].id,
        text: 'Reply',
        deliveryStatus: 'sent',
        createdAt: sh(at),
      });
    }
  }

  const csat = (key: string, rating: number, resolvedAt: string, at: string) => ({
    ticketId: ids[key]!,
    channel: 'email' as const,
    customerId: customer!.id,
    rating,
    resolvedAt: sh(resolvedAt),
    createdAt: sh(at),
  });
  await ctx.db.insert(csatResponses).values([
    csat('T1', 5, '2026-03-02T11:00', '2026-03-02T12:00'),
    csat('T2', 3, '2026-03-03T15:00', '2026-03-03T16:00'),
    csat('T4', 4, '2026-03-04T12:00', '2026-03-04T13:00'),
    csat('T6', 2, '2026-03-06T10:10', '2026-03-06T11:00'),
    // After the period: not counted.
    csat('T1', 1, '2026-03-09T11:00', '2026-03-10T12:00'),
  ]);

  const [a1, a2] = await ctx.db
    .insert(kbArticles)
    .values([
      { slug: 'reset-password', kind: 'how-to', title: 'Reset your password', status: 'published', visibility: 'public' },
      { slug: 'refund-delay', kind: 'defect', title: 'Refunds take 10 days', status: 'published', visibility: 'public' },
    ])
    .returning();
  const link = (key: string, articleId: string, kind: 'suggested' | 'inserted' | 'solved', at: string) => ({
    ticketId: ids[key]!,
    articleId,
    kind,
    createdAt: sh(at),
  });
  await ctx.db
    .insert(ticketArticleLinks)
    .values([
      link('T1', a1!.id, 'suggested', '2026-03-02T09:01'),
      link('T1', a1!.id, 'inserted', '2026-03-02T09:50'),
      link('T1', a1!.id, 'solved', '2026-03-02T11:00'),
      link('T2', a1!.id, 'suggested', '2026-03-02T17:01'),
      link('T4', a2!.id, 'suggested', '2026-03-04T08:31'),
    ]);
  await ctx.db.insert(kbDeflections).values([
    { articleId: a1!.id, source: 'widget', visitorKey: 'v1', createdAt: sh('2026-03-03T12:00') },
    { articleId: a1!.id, source: 'widget', visitorKey: 'v2', createdAt: sh('2026-03-05T12:00') },
    { articleId: a2!.id, source: 'help', visitorKey: 'h1', createdAt: sh('2026-03-07T12:00') },
    { articleId: a2!.id, source: 'help', visitorKey: 'h2', createdAt: sh('2026-03-12T12:00') },
  ]);
  return { team: team!, calendar: calendar!, alice, bob, carol, supervisor, tickets: ids, articles: { a1: a1!, a2: a2! } };
}
