import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../../server/db/schema/index.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, until } from '../../support/sockets.ts';

// Nothing listens on port 1: the node starts without Redis (after its wait) and keeps retrying.
const { server } = serverWorld({ REDIS_URL: 'redis://127.0.0.1:1', PRESENCE_GRACE_SECONDS: '0.2' });

describe('a node whose Redis is unreachable', () => {
  it('keeps serving its own sockets live, and keeps a person online rather than guess', async () => {
    const bea = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const console1 = await connectAgent(server.url, { cookie: bea.cookie });
    const seen = recordEvents(console1);
    const { headers } = await buildTokenUser(server.ctx, ['agent']);
    const ingest = (text: string) =>
      fetch(`${server.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify(buildInbound({ text })) });

    expect((await ingest('Is the node still up?')).status).toBeLessThan(300);
    await until(
      () => seen.find((e) => e.name === 'message.created' && (e.data as any).message.text === 'Is the node still up?'),
      'the message, live, on this node',
    );

    // A second tab closes: whether the person has tabs on other nodes cannot be asked without Redis.
    const console2 = await connectAgent(server.url, { cookie: bea.cookie });
    console2.close();
    // An observation window past the grace period (0.2 s), in which the node must neither crash nor go offline.
    await new Promise((r) => setTimeout(r, 800));
    expect((await ingest('And now?')).status).toBeLessThan(300);
    await until(
      () => seen.find((e) => e.name === 'message.created' && (e.data as any).message.text === 'And now?'),
      'the second message, live',
    );
    const [row] = await server.ctx.db.select({ presence: users.presence }).from(users).where(eq(users.id, bea.user.id));
    expect(row!.presence).toBe('online');
    console1.close();
  });

  it('says so in /readyz without leaving the load balancer: 200 degraded, Redis named', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      checks: expect.arrayContaining([expect.objectContaining({ name: 'redis', ok: false })]),
    });
  });
});
