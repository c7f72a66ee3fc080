import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { routingRules, ticketEvents, ticketRouting, tickets, type Priority } from '../../../../server/db/schema/index.ts';
import { drainTeam } from '../../../../server/services/routing/drain-team.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildStaffedTeam, drainOutbox, secondNode } from './harness.ts';

const { t } = contextWorld();

const priorityOf = (i: number): Priority => (['low', 'normal', 'high', 'urgent'] as const)[(i * 7) % 4]!;
const rank: Record<Priority, number> = { urgent: 4, high: 3, normal: 2, low: 1 };

async function loads(teamAgentIds: string[]) {
  const rows = await t.ctx.db
    .select({ agent: tickets.assigneeId, n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(inArray(tickets.assigneeId, teamAgentIds), inArray(tickets.status, ['new', 'open'])))
    .groupBy(tickets.assigneeId);
  return new Map(rows.map((r) => [r.agent!, r.n]));
}

describe('routing under concurrency', () => {
  it('fills 5 agents of capacity 10 from 200 parallel tickets, queues 150, then drains by priority and age', async () => {
    const { team, agents } = await buildStaffedTeam(
      t.ctx,
      Array.from({ length: 5 }, () => ({ capacity: 10 })),
    );
    await t.ctx.db.insert(routingRules).values(
      (['urgent', 'high', 'low'] as const).map((p, i) => ({
        name: p,
        position: i,
        conditions: { keywords: [`[${p}]`] },
        actions: { teamId: team.id, priority: p },
      })),
    );
    await t.ctx.db.insert(routingRules).values({ name: 'rest', position: 9, actions: { teamId: team.id } });

    await Promise.all(Array.from({ length: 200 }, (_, i) => ingest(t.ctx, buildInbound({ subject: `Order ${i} [${priorityOf(i)}]` }))));
    const node2 = await secondNode(t);
    const node3 = await secondNode(t);
    try {
      await drainOutbox([t.ctx, node2.ctx, node3.ctx], 5);
    } finally {
      await Promise.all([node2.close(), node3.close()]);
    }

    const ids = agents.map((a) => a.id);
    const perAgent = await loads(ids);
    expect(ids.map((id) => perAgent.get(id) ?? 0)).toEqual([10, 10, 10, 10, 10]);
    const assignedEvents = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.kind, 'assigned'));
    expect(assignedEvents).toHaveLength(50);
    expect(new Set(assignedEvents.map((e) => e.ticketId)).size).toBe(50);
    const waiting = await t.ctx.db
      .select({ id: tickets.id, priority: tickets.priority, queuedAt: ticketRouting.queuedAt, number: tickets.number })
      .from(tickets)
      .innerJoin(ticketRouting, eq(ticketRouting.ticketId, tickets.id))
      .where(and(eq(tickets.teamId, team.id), isNull(tickets.assigneeId)));
    expect(waiting).toHaveLength(150);

    const expected = [...waiting]
      .sort((a, b) => rank[b.priority] - rank[a.priority] || a.queuedAt.getTime() - b.queuedAt.getTime() || a.number - b.number)
      .map((w) => w.id);
    // Free capacity 10 tickets at a time (resolving each agent's oldest two) and record who gets served next.
    const served: string[] = [];
    while (served.length < 150) {
      for (const agent of ids) {
        const mine = await t.ctx.db
          .select({ id: tickets.id })
          .from(tickets)
          .where(and(eq(tickets.assigneeId, agent), eq(tickets.status, 'new')))
          .orderBy(asc(tickets.number))
          .limit(2);
        await t.ctx.db
          .update(tickets)
          .set({ status: 'resolved' })
          .where(
            inArray(
              tickets.id,
              mine.map((m) => m.id),
            ),
          );
      }
      const result = await drainTeam(t.ctx, team.id);
      expect(result.assigned).toHaveLength(10);
      served.push(...result.assigned.map((a) => a.ticketId));
      const now = await loads(ids);
      expect(Math.max(...ids.map((id) => now.get(id) ?? 0))).toBeLessThanOrEqual(10);
    }
    expect(served).toEqual(expected);
    const stillWaiting = await t.ctx.db.select({ id: tickets.id }).from(tickets).where(isNull(tickets.assigneeId));
    expect(stillWaiting).toHaveLength(0);
    expect(await t.ctx.db.$count(tickets, isNotNull(tickets.assigneeId))).toBe(200);
  }, 180_000);
});
