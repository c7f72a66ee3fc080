import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../../server/db/schema/index.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildTicket } from '../../support/factories.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, send, until, type AgentClient } from '../../support/sockets.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    r.disconnect();
  }
}
const problem = await redisProblem();
if (problem && process.env.CI) throw new Error(`The scale-out test needs Redis at ${REDIS_URL}, which CI starts: ${problem}`);
if (problem) console.warn(`[switchboard] collaboration across nodes skipped: no Redis at ${REDIS_URL} (${problem}).`);

type Viewer = { ticketId: string; userId: string; state: string };

describe.skipIf(problem !== null)('working together across two app nodes (PostgreSQL + Redis)', () => {
  let t: TestContext;
  let one: AppNode;
  let two: AppNode;
  let lina: Awaited<ReturnType<typeof buildSessionUser>>;
  let fang: Awaited<ReturnType<typeof buildSessionUser>>;
  let linaBearer: Record<string, string>;
  const sockets: AgentClient[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    lina = await buildSessionUser(t.ctx, { roles: ['agent'], name: 'Lina Wang' });
    fang = await buildSessionUser(t.ctx, { roles: ['agent'], name: '王芳' });
    const token = `sbt_${randomBytes(24).toString('base64url')}`;
    await t.ctx.db.insert(apiTokens).values({
      userId: lina.user.id,
      name: 'test',
      prefix: token.slice(0, 8),
      tokenHash: createHash('sha256').update(token).digest('hex'),
      scopes: ['read', 'write', 'ingest'],
    });
    linaBearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL,
      REDIS_PREFIX: `sbtest-${randomBytes(6).toString('hex')}`,
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      OUTBOX_POLL_MS: '100',
    };
    [one, two] = await Promise.all([startAppNode('one', env), startAppNode('two', env)]);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await t?.close();
  });

  it('shows who is viewing and replying to agents on different nodes, and a mention on one node rings the bell on the other', async () => {
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Double charge' });
    const onOne = await connectAgent(one.url, { cookie: lina.cookie });
    const onTwo = await connectAgent(two.url, { cookie: fang.cookie });
    sockets.push(onOne, onTwo);
    const seenOne = recordEvents(onOne);
    const seenTwo = recordEvents(onTwo);
    const viewers = (seen: typeof seenOne) => seen.filter((e) => e.name === 'ticket.viewer').map((e) => e.data as Viewer);

    expect((await send(onOne, 'ticket.presence', { clientId: randomUUID(), ticketId, state: 'viewing' })).ok).toBe(true);
    expect((await send(onTwo, 'ticket.presence', { clientId: randomUUID(), ticketId, state: 'viewing' })).ok).toBe(true);
    await until(() => viewers(seenOne).find((v) => v.userId === fang.user.id && v.state === 'viewing'), 'Fang viewing, seen on node one');
    // The console answers a new face once, so the later one learns who was there first.
    expect((await send(onOne, 'ticket.presence', { clientId: randomUUID(), ticketId, state: 'viewing' })).ok).toBe(true);
    await until(() => viewers(seenTwo).find((v) => v.userId === lina.user.id && v.state === 'viewing'), 'Lina viewing, seen on node two');

    expect((await send(onTwo, 'typing', { clientId: randomUUID(), ticketId, state: 'start' })).ok).toBe(true);
    await until(
      () => seenOne.find((e) => e.name === 'typing' && (e.data as { who: { name?: string } }).who.name === '王芳'),
      'Fang replying',
    );

    const note = await fetch(`${one.url}/api/tickets/${ticketId}/notes`, {
      method: 'POST',
      headers: linaBearer,
      body: JSON.stringify({ text: '@王芳 please check the refund' }),
    });
    expect(note.status).toBe(201);
    const rung = await until(
      () => seenTwo.find((e) => e.name === 'notification.created'),
      'the mention at Fang’s console on node two',
      10_000,
    );
    expect(rung.data).toMatchObject({ notification: { kind: 'mention', ticketId, actorName: 'Lina Wang' } });

    // Fang's tab closes: Lina, on the other node, sees her leave at once.
    onTwo.close();
    await until(() => viewers(seenOne).find((v) => v.userId === fang.user.id && v.state === 'left'), 'Fang leaving, seen on node one');
  });
});
