import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appSettings } from '../../../server/db/schema/index.ts';
import { timing } from '../../../server/realtime/connection.ts';
import { TWO_FACTOR_POLICY_KEY } from '../../../server/services/two-factor/policy.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, until, type AgentClient } from '../../support/sockets.ts';

const open: AgentClient[] = [];
const defaultMs = timing.revalidateMs;
beforeAll(() => {
  timing.revalidateMs = 150;
});
afterAll(() => {
  timing.revalidateMs = defaultMs;
});
const { server } = serverWorld();
beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server.reset();
});

const requireFor = (roles: string[]) => server.ctx.db.insert(appSettings).values({ key: TWO_FACTOR_POLICY_KEY, value: roles });

describe('/agents while the role requires two-factor and the user has none', () => {
  it('refuses the connection with FORBIDDEN; a user of another role connects', async () => {
    await requireFor(['supervisor']);
    const sup = await buildSessionUser(server.ctx, { roles: ['supervisor'] });
    const err = await connectAgent(server.url, { cookie: sup.cookie, origin: server.url }).catch((e: { data?: unknown }) => e);
    expect((err as { data?: { code?: string; message?: string } }).data).toMatchObject({ code: 'FORBIDDEN', message: /two-factor/ });
    const agent = await buildSessionUser(server.ctx, { roles: ['agent'] });
    open.push(await connectAgent(server.url, { cookie: agent.cookie, origin: server.url }));
  });

  it('drops a connected socket once an admin starts requiring two-factor for its role', async () => {
    const agent = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const socket = await connectAgent(server.url, { cookie: agent.cookie, origin: server.url });
    open.push(socket);
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    await requireFor(['agent']);
    await until(() => reason, 'the server to drop the socket');
    expect(reason).toBe('io server disconnect');
  });
});
