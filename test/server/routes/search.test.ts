import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../../server/db/schema/index.ts';
import { buildInbound, buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();
const get = (path: string, headers: Record<string, string>) => app.request(path, { headers });
type Part = { text: string; match: boolean };
const marked = (parts: Part[] | null) => (parts ?? []).map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('GET /api/search/tickets', () => {
  it('finds a resolved Chinese ticket by a word in a message, with the match marked, and filters narrow it', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const found = await buildTeamTicket(t.ctx, null, {
      subject: '订单问题',
      text: '你好，我买的蓝牙耳机左边没有声音，能换一个吗？',
      sender: { externalId: 'li@example.cn', displayName: '李雷' },
    });
    await t.ctx.db
      .update(tickets)
      .set({ status: 'resolved', tags: ['audio'] })
      .where(eq(tickets.id, found.ticketId));
    await buildTeamTicket(t.ctx, null, { subject: 'Headphones', text: 'My 耳机 is fine, thanks' });
    await buildTeamTicket(t.ctx, null, { subject: 'Other', text: 'nothing to see' });

    const res = await get(`/api/search/tickets?q=${encodeURIComponent('耳机')}`, agent.headers);
    expect(res.status).toBe(200);
    const { results, nextCursor } = await res.json();
    expect(nextCursor).toBeNull();
    expect(results).toHaveLength(2);
    const hit = results.find((r: { id: string }) => r.id === found.ticketId);
    expect(hit).toMatchObject({ status: 'resolved', customer: { name: '李雷' } });
    expect(marked(hit.snippet)).toBe('你好，我买的蓝牙[耳机]左边没有声音，能换一个吗？');

    const narrowed = async (qs: string) =>
      (
        (await (await get(`/api/search/tickets?q=${encodeURIComponent('耳机')}&${qs}`, agent.headers)).json()).results as { id: string }[]
      ).map((r) => r.id);
    expect(await narrowed('status=resolved')).toEqual([found.ticketId]);
    expect(await narrowed('status=open,new')).not.toContain(found.ticketId);
    expect(await narrowed('tag=audio')).toEqual([found.ticketId]);
    expect(await narrowed(`customerId=${hit.customer.id}`)).toEqual([found.ticketId]);
    expect(await narrowed('channel=email')).toEqual([]);
    expect(await narrowed('from=2000-01-01&to=2000-01-02')).toEqual([]);
    expect(await narrowed('assigneeId=none')).toHaveLength(2);
  });

  it('marks a match in the subject in any case, and pages with a cursor', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    for (let i = 0; i < 3; i++) await buildTeamTicket(t.ctx, null, { subject: `Refund for ORDER ${i}`, text: 'please' });
    const first = await (await get('/api/search/tickets?q=order&limit=2', agent.headers)).json();
    expect(first.results).toHaveLength(2);
    expect(marked(first.results[0].subject)).toMatch(/^Refund for \[ORDER\] \d$/);
    const second = await (await get(`/api/search/tickets?q=order&limit=2&cursor=${first.nextCursor}`, agent.headers)).json();
    expect(second.results).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it('shows an agent only the tickets they may see, and everything to a supervisor', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const other = await buildTeam(t.ctx);
    await buildTeamTicket(t.ctx, other.id, { text: 'secret zebra case' });
    await buildTeamTicket(t.ctx, null, { text: 'open zebra case' });
    const count = async (h: Record<string, string>) => (await (await get('/api/search/tickets?q=zebra', h)).json()).results.length;
    expect(await count(agent.headers)).toBe(1);
    expect(await count(supervisor.headers)).toBe(2);
  });

  it('treats % and _ as text, and refuses bad input naming the field, and editors', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    await buildTeamTicket(t.ctx, null, buildInbound({ text: 'fifty percent off' }));
    expect((await (await get('/api/search/tickets?q=%25', agent.headers)).json()).results).toEqual([]);
    for (const [qs, field] of [
      ['q=', 'q'],
      ['q=a&status=gone', 'status'],
      ['q=a&channel=fax', 'channel'],
      ['q=a&customerId=nope', 'customerId'],
      ['q=a&assigneeId=someone', 'assigneeId'],
      ['q=a&from=yesterday', 'from'],
      ['q=a&from=2026-02-01&to=2026-01-01', 'to'],
      ['q=a&limit=500', 'limit'],
      ['q=a&cursor=zzz', 'cursor'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const res = await get(`/api/search/tickets?${qs}`, agent.headers);
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.message, qs).toContain(field);
    }
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await get('/api/search/tickets?q=fifty', editor.headers)).status).toBe(403);
    expect((await app.request('/api/search/tickets?q=fifty')).status).toBe(401);
  });
});
