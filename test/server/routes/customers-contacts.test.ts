import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../../server/db/schema/index.ts';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

async function people() {
  const fang = await buildTicket(t.ctx, { channel: 'email', sender: { externalId: 'fang@example.cn', displayName: '王芳' } });
  const tg = await buildTicket(t.ctx, {
    channel: 'telegram',
    threadKey: 'chat-7',
    sender: { externalId: '7007', displayName: 'Bo', meta: { username: 'bo_li' } },
  });
  return { fang: fang.customerId, bo: tg.customerId };
}

describe('/api/customers: the Customers page', () => {
  it('finds customers by Chinese name, phone digits and Telegram @username, with identities, last contact and open tickets', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const { fang, bo } = await people();
    expect((await send('PATCH', `/api/customers/${fang}`, agent.headers, { phone: '+86 (138) 0000-1234', locale: 'zh-CN' })).status).toBe(
      200,
    );
    const find = async (q: string) =>
      (
        (await (await send('GET', `/api/customers?q=${encodeURIComponent(q)}`, agent.headers)).json()) as { customers: { id: string }[] }
      ).customers.map((c) => c.id);
    expect(await find('王芳')).toEqual([fang]);
    expect(await find('138 0000 1234')).toEqual([fang]);
    expect(await find('@bo_li')).toEqual([bo]);
    expect(await find('7007')).toEqual([bo]);
    const res = await send('GET', '/api/customers?q=fang', agent.headers);
    expect(await res.json()).toMatchObject({
      customers: [
        {
          id: fang,
          name: '王芳',
          locale: 'zh-CN',
          identities: [{ channel: 'email', externalId: 'fang@example.cn' }],
          lastContactAt: expect.any(String),
          openTickets: 1,
          csat: { count: 0, average: null },
          blockedAt: null,
        },
      ],
    });
  });

  it('refuses bad input by name: limit, cursor, locale, merge target', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const { fang, bo } = await people();
    for (const [path, field] of [
      ['/api/customers?limit=500', 'limit'],
      ['/api/customers?cursor=garbage', 'cursor'],
      [`/api/customers/${bo}/merge-preview?into=xyz`, 'into'],
      [`/api/customers/${bo}/merge-preview?into=${bo}`, 'into'],
    ] as const) {
      const res = await send('GET', path, agent.headers);
      expect(res.status, path).toBe(400);
      expect((await errorOf(res)).message).toContain(field);
    }
    const badLocale = await send('PATCH', `/api/customers/${fang}`, agent.headers, { locale: 'not a locale!' });
    expect(badLocale.status).toBe(400);
    expect((await errorOf(badLocale)).message).toContain('locale');
    for (const body of [{}, { into: 42 }, { into: fang, also: true }]) {
      const res = await send('POST', `/api/customers/${bo}/merge`, agent.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).message).toMatch(/into|also/);
    }
    expect((await send('POST', `/api/customers/not-a-uuid/block`, agent.headers)).status).toBe(400);
    expect((await send('POST', `/api/customers/00000000-0000-4000-8000-000000000000/block`, agent.headers)).status).toBe(404);
    expect(await t.ctx.db.$count(auditLog, eq(auditLog.targetType, 'customer'))).toBe(0);
  });

  it('lets agents preview and merge, block and unblock (audited); refuses editors and signed-out callers', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const { fang, bo } = await people();
    for (const [method, path, body] of [
      ['GET', `/api/customers/${bo}/merge-preview?into=${fang}`],
      ['POST', `/api/customers/${bo}/merge`, { into: fang }],
      ['POST', `/api/customers/${bo}/block`],
      ['POST', `/api/customers/${bo}/unblock`],
      ['GET', '/api/customers'],
    ] as const) {
      expect((await send(method, path, editor.headers, body)).status, `${method} ${path}`).toBe(403);
      expect((await send(method, path, { 'content-type': 'application/json' }, body)).status, `${method} ${path}`).toBe(401);
    }
    expect(await t.ctx.db.$count(auditLog)).toBe(0);

    const preview = await send('GET', `/api/customers/${bo}/merge-preview?into=${fang}`, agent.headers);
    expect(await preview.json()).toMatchObject({
      moves: { identities: 1, tickets: 1, messages: 1 },
      after: { identities: 2, tickets: 2, messages: 2 },
    });
    const blocked = await send('POST', `/api/customers/${bo}/block`, agent.headers);
    expect(await blocked.json()).toMatchObject({ customer: { id: bo, blockedAt: expect.any(String) } });
    const unblocked = await send('POST', `/api/customers/${bo}/unblock`, agent.headers);
    expect(await unblocked.json()).toMatchObject({ customer: { id: bo, blockedAt: null } });

    const merged = await send('POST', `/api/customers/${bo}/merge`, agent.headers, { into: fang });
    expect(merged.status).toBe(200);
    expect(await merged.json()).toMatchObject({ customer: { id: fang }, merged: { id: bo, mergedIntoId: fang }, after: { tickets: 2 } });
    expect(await (await send('GET', `/api/customers/${bo}`, agent.headers)).json()).toMatchObject({
      mergedInto: { id: fang, name: '王芳' },
    });
    const again = await send('POST', `/api/customers/${bo}/merge`, agent.headers, { into: fang });
    expect(again.status).toBe(409);
    expect((await send('POST', `/api/customers/${bo}/block`, agent.headers)).status).toBe(409);
    expect((await t.ctx.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action).sort()).toEqual([
      'customer.blocked',
      'customer.merged',
      'customer.unblocked',
    ]);
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, bo));
    expect(row!.mergedIntoId).toBe(fang);
  });
});
