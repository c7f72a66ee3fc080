import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../../server/db/schema/index.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startOwnRedis, type OwnRedis } from '../../support/own-redis.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, send, until, type AgentClient } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from '../../channels/widget/harness.ts';

type Readiness = { status: string; checks: Array<{ name: string; ok: boolean; detail?: string }> };
const readyz = async (node: AppNode) => {
  const res = await fetch(`${node.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
};

describe('Redis down under two app nodes', () => {
  let redis: OwnRedis;
  let t: TestContext;
  let a: AppNode;
  let b: AppNode;
  let inboxId: string;
  let bearer: Record<string, string>;
  let cookie: string;
  const agents: Record<'a' | 'b', { socket: AgentClient; seen: ReturnType<typeof recordEvents> }> = {} as never;
  const sockets: Array<{ close(): void }> = [];
  let widgetA: ConnectedWidget;
  let ticketA: string;

  const seenBy = (who: 'a' | 'b', text: string) => () =>
    agents[who].seen.find((e): e is { name: string; data: any } => e.name === 'message.created' && (e.data as any).message.text === text);
  const widgetGot = (w: ConnectedWidget, text: string) => () => events(w, 'message').find((m) => m.text === text);
  const reply = async (node: AppNode, ticketId: string, text: string) => {
    const res = await fetch(`${node.url}/api/tickets/${ticketId}/reply`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ text }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const say = async (w: ConnectedWidget, text: string) => {
    const ack = await emit(w.socket, 'message.send', { clientId: randomUUID(), text });
    expect(ack).toMatchObject({ ok: true });
  };
  const widgetOn = async (node: AppNode) => {
    const w = await connectWidget(node.url, { inboxId });
    sockets.push(w.socket);
    return w;
  };

  beforeAll(async () => {
    redis = await startOwnRedis();
    t = await createTestContext();
    inboxId = (await buildWidgetInbox(t.ctx)).id;
    const bea = await buildSessionUser(t.ctx, { roles: ['agent'], name: 'Bea' });
    cookie = bea.cookie;
    const token = `sbt_${randomBytes(24).toString('base64url')}`;
    await t.ctx.db.insert(apiTokens).values({
      userId: bea.user.id,
      name: 'test',
      prefix: token.slice(0, 8),
      tokenHash: createHash('sha256').update(token).digest('hex'),
      scopes: ['read', 'write', 'ingest'],
    });
    bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: redis.url,
      REDIS_PREFIX: `sbfault-${randomBytes(6).toString('hex')}`,
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      OUTBOX_POLL_MS: '100',
    };
    [a, b] = await Promise.all([startAppNode('redis-a', env), startAppNode('redis-b', env)]);
    for (const [key, node] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const socket = await connectAgent(node.url, { cookie });
      agents[key] = { socket, seen: recordEvents(socket) };
      sockets.push(socket);
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.close();
    await redis?.close();
  });

  it('fans out across nodes while Redis is up, and /readyz says ready', async () => {
    widgetA = await widgetOn(a);
    await say(widgetA, 'Before the outage');
    ticketA = (await until(seenBy('b', 'Before the outage'), 'the widget message on A, live at the agent on B')).data.ticket.id;
    for (const who of ['a', 'b'] as const)
      expect(await send(agents[who].socket, 'ticket.watch', { clientId: randomUUID(), ticketId: ticketA })).toMatchObject({ ok: true });
    for (const node of [a, b]) {
      const r = await readyz(node);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ready', checks: expect.arrayContaining([{ name: 'redis', ok: true }]) });
    }
  });

  let stoppedAt: number;
  it('with Redis down, each node says degraded in /readyz and keeps serving its own sockets live', async () => {
    stoppedAt = Date.now();
    await redis.stop();
    for (const node of [a, b]) {
      const r = await until(
        async () => {
          const got = await readyz(node);
          return got.body.status === 'degraded' && got;
        },
        `/readyz on ${node.name} to report Redis down`,
        5_000,
      );
      // Still in the load balancer's rotation: it serves its own sockets, and the database is fine.
      expect(r.status).toBe(200);
      expect(r.body.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'database', ok: true }),
          expect.objectContaining({ name: 'redis', ok: false, detail: expect.stringMatching(/Redis unreachable/) }),
        ]),
      );
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    }

    await say(widgetA, 'During the outage, on A');
    await until(seenBy('a', 'During the outage, on A'), 'the customer message at the agent on the same node');
    // Either node's outbox worker may take the reply; the other cannot see the visitor and retries with backoff.
    await reply(a, ticketA, 'Agent on A, during the outage');
    await until(widgetGot(widgetA, 'Agent on A, during the outage'), 'the reply in the widget on the same node', 20_000);

    const widgetB = await widgetOn(b);
    await say(widgetB, 'During the outage, on B');
    const ticketB = (await until(seenBy('b', 'During the outage, on B'), 'a new chat at the agent on B')).data.ticket.id;
    await reply(b, ticketB, 'Agent on B, during the outage');
    await until(widgetGot(widgetB, 'Agent on B, during the outage'), 'the reply in the widget on B', 20_000);
    expect(a.alive() && b.alive()).toBe(true);
  });

  it('when Redis is back, cross-node fan-out resumes within seconds', async () => {
    const typingBefore = events(widgetA, 'typing').length;
    await redis.start();
    const startedAt = Date.now();
    for (const node of [a, b])
      await until(async () => (await readyz(node)).body.status === 'ready', `/readyz on ${node.name} ready again`, 10_000);
    const readyMs = Date.now() - startedAt;
    // Agent typing on B is the probe: it reaches the widget on A only through Redis, and stores nothing.
    await until(
      async () => {
        await send(agents.b.socket, 'typing', { clientId: randomUUID(), ticketId: ticketA, state: 'start' });
        return events(widgetA, 'typing').length > typingBefore;
      },
      'agent typing on B to reach the widget on A',
      10_000,
    );
    console.info(`[faults] Redis back: /readyz ready after ${readyMs} ms, cross-node events after ${Date.now() - startedAt} ms`);

    // B's console never heard of the chat A took during the outage: it is told to refetch, and the changes are there.
    const missed = await until(() => agents.b.seen.find((e) => e.name === 'events.missed'), 'events.missed at the agent on B');
    const since = (missed.data as { since: string }).since;
    expect(Date.parse(since)).toBeGreaterThanOrEqual(stoppedAt - 1_000);
    expect(agents.b.seen.some((e) => e.name === 'message.created' && (e.data as any).message.text === 'During the outage, on A')).toBe(
      false,
    );
    const changes = (await (
      await fetch(`${b.url}/api/tickets/changes?since=${encodeURIComponent(since)}`, { headers: bearer })
    ).json()) as { tickets: Array<{ id: string }> };
    expect(changes.tickets.map((x) => x.id)).toContain(ticketA);

    await say(widgetA, 'After the outage');
    await until(seenBy('b', 'After the outage'), 'the widget message on A, live at the agent on B again');
    await reply(b, ticketA, 'Agent on B, after the outage');
    await until(widgetGot(widgetA, 'Agent on B, after the outage'), 'the reply from B in the widget on A');
  });
});
