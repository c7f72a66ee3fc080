import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { inboxes, teamMembers, teams, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { startServer, type RunningServer } from '../../../server/start.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, until, type AgentClient } from '../../support/sockets.ts';

let database: TestDatabase;
let server: RunningServer;
let dataDir: string;
let offsetMs = 0;
const sockets: AgentClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'sb-routing-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-test-secret-key-0123',
  });
  // The server's own clock, moved forward by the test to let an SLA target pass without waiting for it.
  server = await startServer(config, { database, now: () => new Date(Date.now() + offsetMs) });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

async function connect(cookie: string) {
  const socket = await connectAgent(server.url, { cookie });
  sockets.push(socket);
  return recordEvents(socket);
}

describe('routing and SLA in the running server', () => {
  it('assigns a new ticket to the online agent with nobody clicking, and shows its SLA breach live to supervisors', async () => {
    const ctx = server.ctx;
    const tier2 = await buildTeam(ctx, { name: 'Tier 2' });
    const team = await buildTeam(ctx, { name: 'Tier 1' });
    await ctx.db.update(teams).set({ escalationTeamId: tier2.id }).where(eq(teams.id, team.id));
    const [inbox] = await ctx.db.insert(inboxes).values({ channel: 'api', name: 'API', teamId: team.id }).returning();
    const agent = await buildSessionUser(ctx, { roles: ['agent'], name: 'Alma' });
    const idle = await buildSessionUser(ctx, { roles: ['agent'], name: 'Bert' });
    await ctx.db.insert(teamMembers).values([
      { teamId: team.id, userId: agent.user.id },
      { teamId: team.id, userId: idle.user.id },
    ]);
    const supervisor = await buildSessionUser(ctx, { roles: ['supervisor'] });
    const admin = await buildTokenUser(ctx, ['admin']);
    const api = (method: string, p: string, body: unknown) =>
      fetch(`${server.url}${p}`, { method, headers: admin.headers, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(
      (await api('POST', '/api/sla-policies', { name: 'Fast', targets: { normal: { firstResponse: 1 } }, breachAction: 'escalation_team' }))
        .status,
    ).toBe(201);

    // Alma's console connects (she is online); Bert never opens his.
    const almaSees = await connect(agent.cookie);
    const supervisorSees = await connect(supervisor.cookie);
    const ingested = await api('POST', '/api/ingest', {
      channel: 'api',
      inboxId: inbox!.id,
      threadKey: 'order-77',
      externalMessageId: 'm-77',
      sender: { externalId: 'c-77' },
      text: 'Where is order 77?',
    });
    expect(ingested.status).toBe(201);
    const ticketId = (ingested.body as { ticketId: string }).ticketId;

    const assigned = await until(
      () =>
        almaSees.find(
          (e) =>
            e.name === 'ticket.updated' && (e.data as { ticket: { id: string; assigneeId: string } }).ticket.assigneeId === agent.user.id,
        ),
      'the ticket to reach Alma',
    );
    expect((assigned.data as { ticket: { id: string } }).ticket.id).toBe(ticketId);
    await until(
      () => supervisorSees.find((e) => e.name === 'queue.stats' && (e.data as { teamId: string }).teamId === team.id),
      'queue stats for Tier 1',
    );

    // Two minutes later (server clock) the one-minute first-response target has passed.
    offsetMs = 2 * 60_000;
    const breach = await until(() => supervisorSees.find((e) => e.name === 'sla.breached'), 'the breach on the supervisor screen', 10_000);
    expect(breach.data).toMatchObject({ metrics: ['first_response'], level: 1, fromTeamId: team.id, toTeamId: tier2.id });
    const [row] = await ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(row).toMatchObject({ escalationLevel: 1, priority: 'high', teamId: tier2.id, assigneeId: null });
    const kinds = (await ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId))).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'sla_breached')).toHaveLength(1);
    expect(kinds).toEqual(['created', 'message_received', 'assigned', 'sla_breached', 'escalated', 'priority_changed', 'transferred']);
  });
});
