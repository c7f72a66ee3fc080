import { describe, expect, it } from 'vitest';
import { messages } from '../../../server/db/schema/index.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld({ MAX_BODY_BYTES: '4096' });
type Headers = Record<string, string>;
const send = (method: string, path: string, headers: Headers, body?: unknown) =>
  app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
const sender = { externalId: 'ana@example.com', displayName: 'Ana' };
const NO_ID = '00000000-0000-4000-8000-000000000000';

describe('merge, split and links over the API', () => {
  it('merges, shows "merged into" on both sides, links and unlinks', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const a = await buildTeamTicket(t.ctx, null, { sender });
    const b = await buildTeamTicket(t.ctx, null, { sender });
    const c = await buildTeamTicket(t.ctx, null, { sender });
    const before = await t.ctx.db.$count(messages);

    const merged = await send('POST', `/api/tickets/${a.ticketId}/merge`, agent.headers, { targetId: b.ticketId });
    expect(merged.status).toBe(200);
    expect(await merged.json()).toMatchObject({
      ticket: { id: b.ticketId },
      merged: { id: a.ticketId, status: 'closed' },
      movedMessages: 1,
    });
    expect(await t.ctx.db.$count(messages)).toBe(before);
    const links = await (await send('GET', `/api/tickets/${a.ticketId}/links`, agent.headers)).json();
    expect(links).toEqual({
      mergedInto: { id: b.ticketId, number: b.ticketNumber },
      links: [{ kind: 'merged', direction: 'out', ticket: expect.objectContaining({ id: b.ticketId, number: b.ticketNumber }) }],
    });

    const linked = await send('POST', `/api/tickets/${b.ticketId}/links`, agent.headers, { ticketId: c.ticketId });
    expect(linked.status).toBe(201);
    expect((await linked.json()).links.map((l: { kind: string }) => l.kind)).toEqual(['merged', 'related']);
    const unlinked = await send('DELETE', `/api/tickets/${c.ticketId}/links/${b.ticketId}`, agent.headers);
    expect(unlinked.status).toBe(200);
    expect((await unlinked.json()).links).toEqual([]);
  });

  it('splits an email message off into a new ticket', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const a = await buildTeamTicket(t.ctx, null, { sender, channel: 'email', text: 'first question' });
    await send('POST', `/api/tickets/${a.ticketId}/notes`, agent.headers, { text: 'a note' });
    const res = await send('POST', `/api/tickets/${a.ticketId}/split`, agent.headers, {
      messageId: a.messageId,
      subject: 'First question',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      ticket: { subject: 'First question', channel: 'email' },
      from: { id: a.ticketId },
      movedMessages: 1,
    });
  });

  it('refuses bad input naming the field, states that do not allow it, and people who may not', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const a = await buildTeamTicket(t.ctx, null, { sender });
    const b = await buildTeamTicket(t.ctx, null, { sender });
    const stranger = await buildTeamTicket(t.ctx, null);
    const hidden = await buildTeamTicket(t.ctx, (await buildTeam(t.ctx)).id, { sender });
    const cases: [string, string, unknown, number, string?][] = [
      ['POST', `/api/tickets/${a.ticketId}/merge`, {}, 400, 'targetId'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: 'x' }, 400, 'targetId'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: b.ticketId, extra: 1 }, 400, 'extra'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: a.ticketId }, 400, 'targetId'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: stranger.ticketId }, 409, 'confirmOtherCustomer'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: hidden.ticketId }, 404],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: NO_ID }, 404],
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: b.ticketId, confirmOtherCustomer: 'yes' }, 400, 'confirmOtherCustomer'],
      ['POST', `/api/tickets/${a.ticketId}/merge`, 'x'.repeat(5000), 413],
      ['POST', `/api/tickets/${a.ticketId}/split`, { messageId: 'm' }, 400, 'messageId'],
      ['POST', `/api/tickets/${a.ticketId}/split`, { messageId: a.messageId, following: 'all' }, 400, 'following'],
      ['POST', `/api/tickets/${a.ticketId}/links`, { ticketId: a.ticketId }, 400, 'ticketId'],
      ['POST', `/api/tickets/${a.ticketId}/links`, { ticketId: hidden.ticketId }, 404],
      ['DELETE', `/api/tickets/${a.ticketId}/links/${b.ticketId}`, undefined, 404],
      ['DELETE', `/api/tickets/${a.ticketId}/links/nope`, undefined, 400, 'otherId'],
      ['GET', `/api/tickets/${hidden.ticketId}/links`, undefined, 404],
    ];
    for (const [method, path, body, status, field] of cases) {
      const res = await send(method, path, agent.headers, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      if (field) expect((await res.json()).error.message).toContain(field);
    }
    for (const [method, path, body] of [
      ['POST', `/api/tickets/${a.ticketId}/merge`, { targetId: b.ticketId }],
      ['POST', `/api/tickets/${a.ticketId}/split`, { messageId: a.messageId }],
      ['POST', `/api/tickets/${a.ticketId}/links`, { ticketId: b.ticketId }],
      ['GET', `/api/tickets/${a.ticketId}/links`, undefined],
    ] as const) {
      expect((await send(method, path, editor.headers, body)).status).toBe(403);
      expect(
        (await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      ).toBe(401);
    }
  });
});
