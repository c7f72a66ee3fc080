import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inboxes } from '../../server/db/schema/index.ts';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, ingestOverHttp, signedInDesk, ticketRow, watchForRow } from '../support/console.ts';
import { buildInbound, buildTeam } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
let agent: Page;
let supervisor: Page;
let token: string;
const PASSWORD = 'a-long-password-1';

beforeAll(async () => {
  const cai = await addPerson(server.ctx, { name: 'Cai Agent', email: 'cai@example.com', roles: ['agent'], password: PASSWORD });
  const sue = await addPerson(server.ctx, { name: 'Sue Supervisor', email: 'sue@example.com', roles: ['supervisor'], password: PASSWORD });
  token = (await buildTokenUser(server.ctx, ['agent'])).token;
  agent = await signedInDesk(desks, 'agent', cai);
  supervisor = await signedInDesk(desks, 'supervisor', sue);
});

describe('who may see what', { timeout: 120_000 }, () => {
  it('an agent cannot open the admin pages, and the API refuses the same writes', async () => {
    expect(await agent.locator('[data-testid=nav-admin]').count()).toBe(0);
    await agent.goto('/admin/users');
    await agent.locator('[data-testid=forbidden]').waitFor();
    expect(await agent.locator('[data-testid=user-form]').count()).toBe(0);
    const createUser = await fetchAsPage(agent, 'POST', '/api/users', {
      name: 'X',
      email: 'x@example.com',
      password: PASSWORD,
      roles: ['admin'],
    });
    expect(createUser.status).toBe(403);
    const createTeam = await fetchAsPage(agent, 'POST', '/api/teams', { name: 'Sneaky' });
    expect(createTeam.status).toBe(403);

    await supervisor.goto('/admin/teams');
    await supervisor.fill('[data-testid=team-name]', 'Billing');
    await supervisor.click('[data-testid=team-create]');
    await supervisor.locator('[data-testid=team][data-team-name=Billing]').waitFor();
  });

  it('an agent does not get tickets of a team they are not in; the supervisor does, live', async () => {
    const team = await buildTeam(server.ctx, { name: 'Hardware' });
    const [inbox] = await server.ctx.db.insert(inboxes).values({ channel: 'api', name: 'Hardware inbox', teamId: team.id }).returning();
    await agent.goto('/inbox?view=unassigned');
    await supervisor.goto('/inbox?view=all');
    await agent.locator('[data-testid=ticket-list]').waitFor();
    const supSees = watchForRow(supervisor, 'Soldering iron broken');
    const agentSeesProbe = watchForRow(agent, 'General question');
    await Promise.all([supSees.armed, agentSeesProbe.armed]);
    await ingestOverHttp(server.url, token, buildInbound({ inboxId: inbox!.id, subject: 'Soldering iron broken' }));
    await ingestOverHttp(server.url, token, buildInbound({ subject: 'General question' }));
    await supSees.appearedAt;
    await agentSeesProbe.appearedAt;
    // The team ticket was sent first; had the agent received it, it would be on screen by now.
    expect(await ticketRow(agent, 'Soldering iron broken').count()).toBe(0);
    await agent.reload();
    await ticketRow(agent, 'General question').waitFor();
    expect(await ticketRow(agent, 'Soldering iron broken').count()).toBe(0);
  });

  it('switches the console to Simplified Chinese, keeps it after a reload, and shows dates in the user’s time zone', async () => {
    await agent.goto('/inbox?view=unassigned');
    await agent.selectOption('[data-testid=language-select]', 'zh-CN');
    await agent.locator('[data-view=mine]', { hasText: '我的' }).waitFor();
    await agent.reload();
    await agent.locator('[data-view=unassigned]', { hasText: '未分配' }).waitFor();
    expect(await agent.locator('[data-testid=search]').getAttribute('placeholder')).toBe('搜索主题、消息、客户…');
    expect(await agent.locator('html').getAttribute('lang')).toBe('zh-CN');

    await agent.goto('/profile');
    await agent.selectOption('[data-testid=timezone-select]', 'Asia/Shanghai');
    await agent.locator('[data-testid=toasts]', { hasText: '已保存' }).waitFor();
    const me = await fetchAsPage(agent, 'GET', '/api/auth/me');
    expect(me.body).toMatchObject({ user: { locale: 'zh-CN', timeZone: 'Asia/Shanghai' } });

    // The browser runs on Berlin time; the console must show the user's own zone (UTC+8).
    await agent.goto('/inbox?view=unassigned');
    await ticketRow(agent, 'General question').click();
    const stamp = agent.locator('[data-testid=history] time').first();
    await stamp.waitFor();
    expect(await stamp.getAttribute('title')).toContain('GMT+8');
    expect(await agent.locator('[data-testid=history] li').first().innerText()).toContain('通过API创建工单');
  });
});
