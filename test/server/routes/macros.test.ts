import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, messages, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  app.request(`/api/macros${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const refund = {
  name: 'Refund approved',
  actions: [
    { type: 'send_reply', text: 'Dear {{customer.name}}, your refund for #{{ticket.number}} is approved.' },
    { type: 'add_tags', tags: ['refund'] },
    { type: 'set_status', status: 'resolved' },
  ],
};

describe('/api/macros: personal and shared, audited', () => {
  it('lets an agent keep personal macros, use shared ones, and edit only their own', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const other = await buildTokenUser(t.ctx, ['agent']);
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const mine = await call('POST', '', agent.headers, refund);
    expect(mine.status).toBe(201);
    const { macro } = await mine.json();
    expect(macro).toMatchObject({ name: 'Refund approved', scope: 'personal', ownerId: agent.user.id, useCount: 0 });
    const shared = (await (await call('POST', '', supervisor.headers, { ...refund, name: 'Escalate billing', scope: 'shared' })).json())
      .macro;
    expect(shared).toMatchObject({ scope: 'shared', ownerId: null });

    const names = async (h: Headers) => (await (await call('GET', '', h)).json()).macros.map((m: { name: string }) => m.name).sort();
    expect(await names(agent.headers)).toEqual(['Escalate billing', 'Refund approved']);
    expect(await names(other.headers)).toEqual(['Escalate billing']);

    // Another agent's personal macro does not exist for them; a shared one is readable but not theirs to change.
    expect((await call('PATCH', `/${macro.id}`, other.headers, { name: 'Mine now' })).status).toBe(404);
    expect((await call('DELETE', `/${macro.id}`, other.headers)).status).toBe(404);
    expect((await call('PATCH', `/${shared.id}`, agent.headers, { name: 'Mine now' })).status).toBe(403);
    expect((await call('DELETE', `/${shared.id}`, agent.headers)).status).toBe(403);
    expect((await call('PATCH', `/${macro.id}`, agent.headers, { scope: 'shared' })).status).toBe(403);

    const edited = await call('PATCH', `/${macro.id}`, agent.headers, { name: 'Refund OK', description: 'For approved refunds' });
    expect((await edited.json()).macro).toMatchObject({ name: 'Refund OK', description: 'For approved refunds', scope: 'personal' });
    expect((await call('PATCH', `/${shared.id}`, supervisor.headers, { name: 'Billing escalation' })).status).toBe(200);
    expect((await call('DELETE', `/${macro.id}`, agent.headers)).status).toBe(204);
    expect(await names(agent.headers)).toEqual(['Billing escalation']);

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, macro.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['macro.created', 'macro.deleted', 'macro.updated']);
    expect(audit.every((a) => a.actorId === agent.user.id)).toBe(true);
    const [sharedAudit] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, shared.id), eq(auditLog.action, 'macro.updated')));
    expect(sharedAudit!.data).toMatchObject({ name: 'Billing escalation', before: { name: 'Escalate billing' } });
  });

  it('refuses an editor, and bad input with a 400 naming the field', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await call('POST', '', editor.headers, refund)).status).toBe(403);
    expect((await call('GET', '', editor.headers)).status).toBe(403);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...refund, name: '' }, /name/],
      [{ ...refund, actions: [] }, /actions/],
      [{ ...refund, actions: [{ type: 'explode' }] }, /actions\.0/],
      [{ ...refund, actions: [{ type: 'set_status', status: 'sideways' }] }, /actions\.0\.status/],
      [{ ...refund, actions: [{ type: 'add_tags', tags: [] }] }, /actions\.0\.tags/],
      [{ ...refund, actions: [{ type: 'send_reply' }] }, /actions\.0/],
      [{ ...refund, scope: 'everyone' }, /scope/],
      [{ ...refund, colour: 'red' }, /colour/],
      [{ ...refund, actions: [{ type: 'assign_team', teamId: '00000000-0000-4000-8000-000000000000' }] }, /actions\.0\.teamId: no team/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '', agent.headers, body);
      expect(res.status, JSON.stringify(body).slice(0, 160)).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    expect((await (await call('GET', '', agent.headers)).json()).macros).toEqual([]);
  });
});

describe('GET /api/macros/actions', () => {
  it('gives an agent the actions a macro may take with their parameters; an editor is refused', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const res = await call('GET', '/actions', agent.headers);
    expect(res.status).toBe(200);
    const body = await res.json();
    const reply = body.actions.find((a: { type: string }) => a.type === 'send_reply');
    expect(reply.params.map((p: { kind: string }) => p.kind)).toEqual(['canned_response', 'long_text']);
    expect(body.actions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['add_tags', 'set_status', 'assign_team']));
    expect(body.enums.statuses).toEqual(['open', 'pending', 'resolved', 'closed']);
    expect(body.fields).toEqual([]);
    // Calling a webhook is an admin's integration: only admins are offered it.
    expect(body.actions.map((a: { type: string }) => a.type)).not.toContain('call_webhook');
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const forAdmin = await (await call('GET', '/actions', admin.headers)).json();
    expect(forAdmin.actions.map((a: { type: string }) => a.type)).toContain('call_webhook');
    expect((await call('GET', '/actions', editor.headers)).status).toBe(403);
  });
});

describe('POST /api/macros/{id}/preview', () => {
  it('shows per ticket the reply with placeholders filled, the tags added and the status, changing nothing', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const hiddenTeam = await buildTeam(t.ctx);
    const a = await buildTeamTicket(t.ctx, team.id, { sender: { externalId: 'mei@example.com', displayName: 'Mei Chen' } });
    const hidden = await buildTeamTicket(t.ctx, hiddenTeam.id);
    const { macro } = await (await call('POST', '', agent.headers, refund)).json();
    const res = await call('POST', `/${macro.id}/preview`, agent.headers, { ticketIds: [a.ticketId, hidden.ticketId] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.macro).toEqual({ id: macro.id, name: 'Refund approved' });
    const [ok, refused] = body.tickets;
    expect(ok).toMatchObject({ ticketId: a.ticketId, result: 'ok' });
    expect(ok.changes).toEqual([
      { type: 'send_reply', text: `Dear Mei Chen, your refund for #${ok.number} is approved.`, unchanged: false },
      { type: 'add_tags', tags: ['refund'], unchanged: false },
      { type: 'set_status', from: 'new', to: 'resolved', unchanged: false },
    ]);
    expect(refused).toMatchObject({ ticketId: hidden.ticketId, result: 'refused', error: { code: 'NOT_FOUND' } });
    const bad = await call('POST', `/${macro.id}/preview`, agent.headers, { ticketIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/ticketIds/);
  });
});

describe('POST /api/macros/{id}/apply', () => {
  it('applies to many tickets: a reply from the template, the tag and resolved; a refused ticket does not stop the others', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const hiddenTeam = await buildTeam(t.ctx);
    const ids: string[] = [];
    for (const name of ['Mei Chen', 'Ana Lopez', 'Jonas Berg'])
      ids.push(
        (await buildTeamTicket(t.ctx, team.id, { sender: { externalId: `${name.split(' ')[0]}@example.com`, displayName: name } }))
          .ticketId,
      );
    const hidden = (await buildTeamTicket(t.ctx, hiddenTeam.id)).ticketId;
    const closed = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    await t.ctx.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, closed));
    const { macro } = await (await call('POST', '', agent.headers, refund)).json();

    t.published.length = 0;
    const res = await call('POST', `/${macro.id}/apply`, agent.headers, { ticketIds: [...ids, hidden, closed] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ applied: 3, refused: 2 });
    const by = Object.fromEntries(body.results.map((r: { ticketId: string }) => [r.ticketId, r]));
    for (const id of ids) expect(by[id]).toMatchObject({ result: 'applied', ticket: { status: 'resolved', tags: ['refund'] } });
    expect(by[hidden]).toMatchObject({ result: 'refused', error: { code: 'NOT_FOUND' } });
    expect(by[closed]).toMatchObject({ result: 'refused', error: { code: 'CONFLICT', message: expect.stringMatching(/closed/) } });

    for (const [i, id] of ids.entries()) {
      const out = await t.ctx.db
        .select()
        .from(messages)
        .where(and(eq(messages.ticketId, id), eq(messages.direction, 'out')));
      const name = ['Mei Chen', 'Ana Lopez', 'Jonas Berg'][i];
      expect(out.map((m) => m.text)).toEqual([expect.stringMatching(new RegExp(`^Dear ${name}, your refund for #\\d+ is approved\\.$`))]);
      const history = await t.ctx.db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.kind, 'macro_applied')));
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        actorType: 'user',
        actorId: agent.user.id,
        toValue: 'Refund approved',
        data: { macroId: macro.id },
      });
    }
    const untouched = await t.ctx.db
      .select()
      .from(tickets)
      .where(inArray(tickets.id, [hidden, closed]));
    expect(untouched.map((r) => r.tags)).toEqual([[], []]);
    expect(
      await t.ctx.db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, hidden), eq(ticketEvents.kind, 'macro_applied'))),
    ).toEqual([]);
    // Each applied ticket is announced after its commit.
    const updated = new Set(
      t.published.filter((e) => e.name === 'ticket.updated').map((e) => (e.data as { ticket: { id: string } }).ticket.id),
    );
    expect([...updated].sort()).toEqual([...ids].sort());
    const listed = (await (await call('GET', '', agent.headers)).json()).macros;
    expect(listed.find((m: { id: string }) => m.id === macro.id).useCount).toBe(3);
  });

  it('refuses an editor, another agent’s macro, too many tickets and bad ids, applying nothing', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const other = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id, other.user.id] });
    const id = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    const { macro } = await (await call('POST', '', agent.headers, refund)).json();
    expect((await call('POST', `/${macro.id}/apply`, editor.headers, { ticketIds: [id] })).status).toBe(403);
    expect((await call('POST', `/${macro.id}/apply`, other.headers, { ticketIds: [id] })).status).toBe(404);
    expect((await call('POST', `/${macro.id}/preview`, other.headers, { ticketIds: [id] })).status).toBe(404);
    const tooMany = await call('POST', `/${macro.id}/apply`, agent.headers, { ticketIds: Array.from({ length: 501 }, () => id) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/ticketIds.*500/);
    expect((await call('POST', `/${macro.id}/apply`, agent.headers, { ticketIds: [] })).status).toBe(400);
    expect((await call('POST', `/${macro.id}/apply`, agent.headers, { ticketIds: ['x'] })).status).toBe(400);
    const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
    expect(row).toMatchObject({ status: 'new', tags: [] });
  });
});
