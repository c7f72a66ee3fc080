import { beforeEach, describe, expect, it } from 'vitest';
import { createApiAdapter } from '../../../channels/api/adapter.ts';
import { messages, outbox, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { buildInbound, buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld({ MAX_BODY_BYTES: '4096' });

type Headers = Record<string, string>;
const post = (path: string, headers: Headers, body: unknown) =>
  app.request(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const get = (path: string, headers: Headers) => app.request(path, { headers });
const drainDeliveries = () =>
  createOutboxWorker(t.ctx, {
    handlers: outboxHandlers(t.ctx, { channels: { api: createApiAdapter(), email: null, telegram: null, widget: null } }),
    topics: ['message.deliver'],
  }).drainOnce();
const nothingWritten = async () => ({
  messages: await t.ctx.db.$count(messages),
  events: await t.ctx.db.$count(ticketEvents),
  outbox: await t.ctx.db.$count(outbox),
});

describe('a ticket through the API', () => {
  it('created through POST /api/ingest shows its messages and full history through GET /api/tickets/:id', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const ingested = await post(
      '/api/ingest',
      agent.headers,
      buildInbound({ subject: 'Where is my order?', text: 'Order 1234 is late', sender: { externalId: 'c-1', displayName: 'Cleo' } }),
    );
    expect(ingested.status).toBe(201);
    const { ticketId } = (await ingested.json()) as { ticketId: string };

    expect((await post(`/api/tickets/${ticketId}/assign`, agent.headers, { assigneeId: agent.user.id })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/priority`, agent.headers, { priority: 'high' })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/notes`, agent.headers, { text: 'Checked the warehouse' })).status).toBe(201);
    const replied = await post(`/api/tickets/${ticketId}/reply`, agent.headers, { text: 'It ships today', clientId: 'k-1' });
    expect(replied.status).toBe(201);
    expect((await post(`/api/tickets/${ticketId}/reply`, agent.headers, { text: 'It ships today', clientId: 'k-1' })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/tags`, agent.headers, { add: ['Shipping'] })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/hold`, agent.headers, undefined as never)).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/escalate`, agent.headers, { reason: 'Carrier lost it' })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/resolve`, agent.headers, {})).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/reopen`, agent.headers, { reason: 'Customer wrote back' })).status).toBe(200);
    expect((await post(`/api/tickets/${ticketId}/close`, agent.headers, {})).status).toBe(200);
    await drainDeliveries();

    const res = await get(`/api/tickets/${ticketId}`, agent.headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ticket: { status: string; priority: string; tags: string[]; escalationLevel: number; assigneeId: string };
      customer: { name: string; identities: { externalId: string }[] };
      messages: { direction: string; text: string; deliveryStatus: string }[];
      events: { kind: string; from: string | null; to: string | null; actorType: string; actorId: string | null }[];
      people: Record<string, string>;
    };
    expect(body.ticket).toMatchObject({
      status: 'closed',
      priority: 'high',
      tags: ['shipping'],
      escalationLevel: 1,
      assigneeId: agent.user.id,
    });
    expect(body.customer).toMatchObject({ name: 'Cleo', identities: [{ externalId: 'c-1' }] });
    expect(body.messages.map((m) => [m.direction, m.text, m.deliveryStatus])).toEqual([
      ['in', 'Order 1234 is late', 'received'],
      ['note', 'Checked the warehouse', 'received'],
      ['out', 'It ships today', 'sent'],
    ]);
    expect(body.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['created', null, 'new'],
      ['message_received', null, null],
      ['assigned', null, agent.user.id],
      ['priority_changed', 'normal', 'high'],
      ['note_added', null, null],
      ['replied', null, null],
      ['status_changed', 'new', 'open'],
      ['tagged', '', 'shipping'],
      ['status_changed', 'open', 'pending'],
      ['escalated', '0', '1'],
      ['status_changed', 'pending', 'resolved'],
      ['reopened', 'resolved', 'open'],
      ['status_changed', 'open', 'closed'],
    ]);
    expect(body.events.slice(2).every((e) => e.actorType === 'user' && e.actorId === agent.user.id)).toBe(true);
    expect(body.people[agent.user.id]).toBe(agent.user.name);
  });

  it('lists tickets with filters from the query string, repeated or comma-separated', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    await buildTeamTicket(t.ctx, null, { subject: 'one' });
    const two = await buildTeamTicket(t.ctx, null, { subject: 'two' });
    await post(`/api/tickets/${two.ticketId}/hold`, admin.headers, {});
    const subjects = async (qs: string) => {
      const res = await get(`/api/tickets?${qs}`, admin.headers);
      expect(res.status).toBe(200);
      return ((await res.json()) as { tickets: { subject: string }[] }).tickets.map((x) => x.subject).sort();
    };
    expect(await subjects('status=pending')).toEqual(['two']);
    expect(await subjects('status=new&status=pending')).toEqual(['one', 'two']);
    expect(await subjects('status=new,pending&sort=waiting&limit=10')).toEqual(['one', 'two']);
    const bad = await get('/api/tickets?status=lost', admin.headers);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION', details: [expect.objectContaining({ path: 'status.0' })] } });
    expect((await get('/api/tickets?limit=500', admin.headers)).status).toBe(400);
    expect((await get('/api/tickets?view=team:nope', admin.headers)).status).toBe(400);
  });

  it('answers the reconnect resync, refusing a bad since by name', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    await buildTeamTicket(t.ctx, null, { subject: 'fresh' });
    const ok = await get(`/api/tickets/changes?since=${encodeURIComponent(new Date(0).toISOString())}`, agent.headers);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { tickets: { subject: string }[] }).tickets.map((x) => x.subject)).toEqual(['fresh']);
    const bad = await get('/api/tickets/changes?since=yesterday', agent.headers);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('since');
  });
});

describe('who may call', () => {
  it('401 without credentials, 403 for an editor, 404 for an agent of another team, 409 for a bad transition', async () => {
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const outsider = await buildTokenUser(t.ctx, ['agent']);
    const insider = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [insider.user.id] });
    await buildTeam(t.ctx, { memberIds: [outsider.user.id] });
    const { ticketId } = await buildTeamTicket(t.ctx, team.id);
    const before = await nothingWritten();

    expect((await app.request(`/api/tickets/${ticketId}/resolve`, { method: 'POST' })).status).toBe(401);
    const forbidden = await post(`/api/tickets/${ticketId}/resolve`, editor.headers, {});
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await post(`/api/tickets/${ticketId}/resolve`, outsider.headers, {})).status).toBe(404);
    expect((await get(`/api/tickets/${ticketId}`, outsider.headers)).status).toBe(404);
    expect((await get(`/api/tickets/${ticketId}`, editor.headers)).status).toBe(403);
    expect(await nothingWritten()).toEqual(before);

    const conflict = await post(`/api/tickets/${ticketId}/reopen`, insider.headers, {});
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: { code: 'CONFLICT', details: { from: 'new', to: 'open' } } });
  });
});

describe('bad input', () => {
  let headers: Headers;
  let ticketId: string;
  beforeEach(async () => {
    headers = (await buildTokenUser(t.ctx, ['admin'])).headers;
    ticketId = (await buildTeamTicket(t.ctx, null)).ticketId;
  });

  async function expectRefused(res: Response, status: number, field?: string) {
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string; details?: { path: string }[] } };
    expect(body.error.code).toBe(status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION');
    if (field) expect(body.error.message).toContain(field);
    return body;
  }

  it('413 for a body over the limit, and nothing is written', async () => {
    const before = await nothingWritten();
    await expectRefused(await post(`/api/tickets/${ticketId}/reply`, headers, { text: 'x'.repeat(5000) }), 413);
    await expectRefused(await post(`/api/tickets/${ticketId}/notes`, headers, { text: 'y'.repeat(5000) }), 413);
    expect(await nothingWritten()).toEqual(before);
  });

  it('400 for malformed JSON', async () => {
    const before = await nothingWritten();
    const body = await expectRefused(await post(`/api/tickets/${ticketId}/reply`, headers, '{"text": "hi",'), 400);
    expect(body.error.message).toMatch(/json/i);
    expect(await nothingWritten()).toEqual(before);
  });

  it('400 naming unknown fields', async () => {
    const before = await nothingWritten();
    await expectRefused(await post(`/api/tickets/${ticketId}/reply`, headers, { text: 'hi', bcc: 'everyone@example.com' }), 400, 'bcc');
    await expectRefused(await post(`/api/tickets/${ticketId}/resolve`, headers, { force: true }), 400, 'force');
    await expectRefused(await post(`/api/tickets/${ticketId}/tags`, headers, { add: ['a'], colour: 'red' }), 400, 'colour');
    expect(await nothingWritten()).toEqual(before);
  });

  it('400 naming fields of the wrong type or value', async () => {
    const before = await nothingWritten();
    const cases: Array<[string, unknown, string]> = [
      ['assign', { assigneeId: 42 }, 'assigneeId'],
      ['assign', {}, 'assigneeId'],
      ['priority', { priority: 'asap' }, 'priority'],
      ['escalate', { reason: ['why'] }, 'reason'],
      ['reply', { text: 5 }, 'text'],
      [
        'reply',
        { text: 'hi', attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: 'not base64!' }] },
        'attachments.0.content',
      ],
      ['transfer', { teamId: 'not-a-uuid' }, 'teamId'],
      ['tags', { add: 'vip' }, 'add'],
      ['notes', { text: '' }, 'text'],
    ];
    for (const [verb, payload, field] of cases) {
      const body = await expectRefused(await post(`/api/tickets/${ticketId}/${verb}`, headers, payload), 400, field);
      expect(body.error.details?.some((d) => d.path === field)).toBe(true);
    }
    await expectRefused(await post('/api/tickets/not-a-uuid/resolve', headers, {}), 400, 'id');
    expect((await post('/api/tickets/00000000-0000-4000-8000-000000000000/resolve', headers, {})).status).toBe(404);
    expect(await nothingWritten()).toEqual(before);
    expect(await t.ctx.db.$count(tickets)).toBe(1);
  });

  it('documents every ticket route in the OpenAPI document', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/tickets',
      '/tickets/changes',
      '/tickets/{id}',
      '/tickets/{id}/reply',
      '/tickets/{id}/transfer',
      '/customers/{id}',
      '/messages/{id}/retry',
      '/outbox/failed',
      '/attachments/{id}',
    ]) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
  });
});
