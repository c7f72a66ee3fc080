import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/config.ts';
import { notifications, ticketEvents } from '../../../../server/db/schema/index.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { reopen } from '../../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { snooze } from '../../../../server/services/tickets/snooze.ts';
import { wakeSnoozed } from '../../../../server/services/tickets/wake-snoozed.ts';
import { startServer } from '../../../../server/start.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildTokenUser } from '../../../support/http.ts';
import { until } from '../../../support/sockets.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const HOUR = 3_600_000;
const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const inHours = (h: number) => new Date(t.ctx.now().getTime() + h * HOUR).toISOString();
const snoozeNotes = (userId: string) =>
  t.ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'snooze')));

async function assignedTicket() {
  const inbound = buildInbound();
  const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id, inbound);
  await assign(t.ctx, w.agentA, ticketId, { assigneeId: w.agentA.id });
  return { ticketId, inbound };
}

describe('snooze', () => {
  it('puts the ticket on hold until the time, and the scheduler does nothing before it', async () => {
    const { ticketId } = await assignedTicket();
    const until = inHours(1);
    const view = await snooze(t.ctx, w.agentA, ticketId, { until });
    expect(view).toMatchObject({ status: 'pending', snoozedUntil: until });
    t.clock.advance(HOUR - 60_000);
    expect(await wakeSnoozed(t.ctx)).toEqual({ woken: 0, failed: 0 });
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('pending');
  });

  it('reopens the ticket when due, records it as the system and notifies the assignee', async () => {
    const { ticketId } = await assignedTicket();
    await snooze(t.ctx, w.agentA, ticketId, { until: inHours(1) });
    t.clock.advance(HOUR + 1_000);
    t.published.length = 0;
    expect(await wakeSnoozed(t.ctx)).toEqual({ woken: 1, failed: 0 });
    const row = await ticketRow(t.ctx, ticketId);
    expect(row).toMatchObject({ status: 'open', snoozedUntil: null });
    const [last] = await t.ctx.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(desc(ticketEvents.id))
      .limit(1);
    expect(last).toMatchObject({ kind: 'status_changed', fromValue: 'pending', toValue: 'open', actorType: 'system' });
    expect(last!.data).toMatchObject({ action: 'unsnooze', system: 'snooze' });
    expect(await snoozeNotes(w.agentA.id)).toHaveLength(1);
    expect(t.published.map((e) => e.name)).toContain('ticket.updated');
    // Exactly once: a second tick (another node, a retry) finds nothing.
    expect(await wakeSnoozed(t.ctx)).toEqual({ woken: 0, failed: 0 });
    expect(await snoozeNotes(w.agentA.id)).toHaveLength(1);
  });

  it('ends when the customer writes first, and the scheduler leaves the ticket alone', async () => {
    const { ticketId, inbound } = await assignedTicket();
    await snooze(t.ctx, w.agentA, ticketId, { until: inHours(3) });
    await ingest(t.ctx, buildInbound({ threadKey: inbound.threadKey, sender: inbound.sender, text: 'Any news?' }));
    expect(await ticketRow(t.ctx, ticketId)).toMatchObject({ status: 'open', snoozedUntil: null });
    t.clock.advance(4 * HOUR);
    expect(await wakeSnoozed(t.ctx)).toEqual({ woken: 0, failed: 0 });
    expect(await snoozeNotes(w.agentA.id)).toHaveLength(0);
  });

  it('ends when an agent moves the ticket on (reopen, resolve)', async () => {
    const a = await assignedTicket();
    const b = await assignedTicket();
    await snooze(t.ctx, w.agentA, a.ticketId, { until: inHours(1) });
    await snooze(t.ctx, w.agentA, b.ticketId, { until: inHours(1) });
    await reopen(t.ctx, w.agentA, a.ticketId);
    await resolve(t.ctx, w.agentA, b.ticketId);
    expect((await ticketRow(t.ctx, a.ticketId)).snoozedUntil).toBeNull();
    expect(await ticketRow(t.ctx, b.ticketId)).toMatchObject({ status: 'resolved', snoozedUntil: null });
    t.clock.advance(2 * HOUR);
    expect(await wakeSnoozed(t.ctx)).toEqual({ woken: 0, failed: 0 });
  });

  it('refuses a time in the past, one over a year ahead, a resolved ticket and an editor, naming why', async () => {
    const { ticketId } = await assignedTicket();
    await expect(snooze(t.ctx, w.agentA, ticketId, { until: inHours(-1) })).rejects.toMatchObject({ code: 'VALIDATION', message: /until/ });
    await expect(snooze(t.ctx, w.agentA, ticketId, { until: inHours(24 * 400) })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(snooze(t.ctx, w.agentA, ticketId, { until: 'tomorrow' })).rejects.toMatchObject({ code: 'VALIDATION', message: /until/ });
    await expect(snooze(t.ctx, w.editor, ticketId, { until: inHours(1) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(snooze(t.ctx, w.agentB, ticketId, { until: inHours(1) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await resolve(t.ctx, w.agentA, ticketId);
    await expect(snooze(t.ctx, w.agentA, ticketId, { until: inHours(1) })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('snooze across a restart', () => {
  it('snooze returns on the fake clock after a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-snooze-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
    });
    const start = () => startServer(config, { database: t.database, now: t.ctx.now });
    try {
      const agent = await buildTokenUser(t.ctx, ['agent']);
      const { ticketId } = await buildTeamTicket(t.ctx, null);
      const first = await start();
      await fetch(`${first.url}/api/tickets/${ticketId}/assign`, {
        method: 'POST',
        headers: agent.headers,
        body: JSON.stringify({ assigneeId: agent.user.id }),
      });
      const res = await fetch(`${first.url}/api/tickets/${ticketId}/snooze`, {
        method: 'POST',
        headers: agent.headers,
        body: JSON.stringify({ until: inHours(2) }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ticket: { status: string } }).ticket.status).toBe('pending');
      await first.close();

      // Due while no node runs; the next node to start reopens it.
      t.clock.advance(3 * HOUR);
      expect((await ticketRow(t.ctx, ticketId)).status).toBe('pending');
      const second = await start();
      try {
        await until(async () => (await ticketRow(t.ctx, ticketId)).status === 'open', 'the snoozed ticket to reopen', 15_000);
        expect((await ticketRow(t.ctx, ticketId)).snoozedUntil).toBeNull();
        const notes = await snoozeNotes(agent.user.id);
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatchObject({ ticketId, readAt: null });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
