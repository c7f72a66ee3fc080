import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications, tickets } from '../../../../server/db/schema/index.ts';
import { escalateBreach } from '../../../../server/services/sla/escalate-breach.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

const { t } = contextWorld();

describe('SLA breach notifications', () => {
  it('tell the assignee and every supervisor, not other agents or admins', async () => {
    const assignee = await buildActor(t.ctx, ['agent']);
    const colleague = await buildActor(t.ctx, ['agent']);
    const supervisor = await buildActor(t.ctx, ['supervisor']);
    const admin = await buildActor(t.ctx, ['admin']);
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Still waiting' });
    const [row] = await t.ctx.db.update(tickets).set({ assigneeId: assignee.id }).where(eq(tickets.id, ticketId)).returning();
    const now = t.ctx.now();
    await t.ctx.db.transaction((tx) => escalateBreach(tx, () => {}, row!, [{ metric: 'first_response', dueAt: now }], now));

    const told = await t.ctx.db.select().from(notifications).where(eq(notifications.ticketId, ticketId));
    expect(told.map((n) => n.userId).sort()).toEqual([assignee.id, supervisor.id].sort());
    expect(told.every((n) => n.kind === 'sla' && (n.data as { level: number }).level === 1)).toBe(true);
    expect(told.map((n) => n.userId)).not.toContain(colleague.id);
    expect(told.map((n) => n.userId)).not.toContain(admin.id);
  });
});
