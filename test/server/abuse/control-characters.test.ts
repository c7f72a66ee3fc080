import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { customers, messages, teams, tickets } from '../../../server/db/schema/index.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

// NUL (U+0000) cannot be stored in a PostgreSQL text column (22021), nor a lone surrogate half in a jsonb one
// (22P02): before refuse-unstorable.ts each of these answered 500. Every other control character is ordinary text.
const { t, app } = routeWorld();
let headers: Record<string, string>;
beforeEach(async () => {
  headers = (await buildTokenUser(t.ctx, ['admin', 'supervisor', 'agent', 'editor'])).headers;
});

const send = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const N = 'before\u0000after';

const NUL_MESSAGE = 'may not contain NUL characters (U+0000)';
const SURROGATE_MESSAGE = 'is not well-formed Unicode (a lone surrogate half)';
const NOT_UTF8 = 'the body is not valid UTF-8 (send JSON encoded as UTF-8)';

async function refusedNaming(res: Response, where: string, field: string, message = NUL_MESSAGE) {
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    error: {
      code: 'VALIDATION',
      message: `Invalid ${where}: ${field}: ${message}`,
      details: [{ path: field, message, code: 'unstorable_text' }],
    },
  });
}

async function openTicket() {
  const res = await send('POST', '/api/ingest', buildInbound({ text: 'A plain first message' }));
  expect(res.status).toBe(201);
  return (await res.json()).ticketId as string;
}

describe('a NUL character in what an agent, admin, editor or integration sends', () => {
  it.each([
    ['text', { text: N }],
    ['subject', { subject: N }],
    ['sender.displayName', { sender: { externalId: 'c-1', displayName: N } }],
    ['sender.externalId', { sender: { externalId: N } }],
    ['threadKey', { threadKey: N }],
    ['attachments.0.filename', { attachments: [{ filename: N, contentType: 'text/plain', content: 'aGk=' }] }],
  ])('ingest %s: 400 naming the field, nothing stored', async (field, override) => {
    await refusedNaming(await send('POST', '/api/ingest', buildInbound(override)), 'json', field);
    expect(await t.ctx.db.$count(messages)).toBe(0);
  });

  it('in a reply, a note, a tag, an escalation reason: 400 naming the field, the ticket unchanged', async () => {
    const id = await openTicket();
    await refusedNaming(await send('POST', `/api/tickets/${id}/reply`, { text: N }), 'json', 'text');
    await refusedNaming(await send('POST', `/api/tickets/${id}/notes`, { text: N }), 'json', 'text');
    await refusedNaming(await send('POST', `/api/tickets/${id}/tags`, { add: ['vip', N] }), 'json', 'add.1');
    await refusedNaming(await send('POST', `/api/tickets/${id}/escalate`, { reason: N }), 'json', 'reason');
    expect(await t.ctx.db.$count(messages)).toBe(1);
    const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
    expect(row).toMatchObject({ tags: [], escalationLevel: 0 });
  });

  it('in names of customers, users and teams, canned responses and KB articles', async () => {
    await openTicket();
    const [customer] = await t.ctx.db.select().from(customers);
    await refusedNaming(await send('PATCH', `/api/customers/${customer!.id}`, { name: N }), 'json', 'name');
    await refusedNaming(
      await send('POST', '/api/users', { email: 'x@example.com', name: N, roles: ['agent'], password: 'long enough pw' }),
      'json',
      'name',
    );
    await refusedNaming(await send('POST', '/api/teams', { name: N }), 'json', 'name');
    await refusedNaming(await send('POST', '/api/canned-responses', { shortcut: 'hi', title: 'Hi', body: N }), 'json', 'body');
    await refusedNaming(await send('POST', '/api/kb/articles', { kind: 'faq', title: 'T', body: N }), 'json', 'body');
    await refusedNaming(
      await send('POST', '/api/kb/articles', { kind: 'defect', title: 'T', affectedVersions: ['1.0', N] }),
      'json',
      'affectedVersions.1',
    );
    expect(await t.ctx.db.$count(teams)).toBe(0);
    expect((await t.ctx.db.select().from(customers))[0]!.name).toBe(customer!.name);
  });

  it('in a search or filter: 400 naming the query parameter, in the path: 400 too', async () => {
    await refusedNaming(await send('GET', `/api/tickets?q=${encodeURIComponent(N)}`), 'query', 'q');
    await refusedNaming(await send('GET', `/api/tickets?tag=${encodeURIComponent(N)}`), 'query', 'tag');
    await refusedNaming(await send('GET', `/api/customers?q=${encodeURIComponent(N)}`), 'query', 'q');
    await refusedNaming(await send('GET', `/api/kb/articles?q=${encodeURIComponent(N)}`), 'query', 'q');
    await refusedNaming(await send('GET', `/api/public/kb/search?q=${encodeURIComponent(N)}`), 'query', 'q');
    const byPath = await send('GET', '/api/tickets/a%00b');
    expect(byPath.status).toBe(400);
    expect((await byPath.json()).error.message).toBe('Invalid path: /api/tickets/a\\u0000b: may not contain NUL characters (U+0000)');
  });

  it('an escaped backslash before u0000 is just text, and is stored', async () => {
    const res = await send('POST', '/api/ingest', buildInbound({ text: 'C:\\u0000 is a path, not a NUL' }));
    expect(res.status).toBe(201);
    const [m] = await t.ctx.db.select().from(messages);
    expect(m!.text).toBe('C:\\u0000 is a path, not a NUL');
  });
});

describe('other control characters and broken UTF-16', () => {
  const c0c1 = 'bell\u0007 esc\u001b[31m del\u007f nel\u0085 csi\u009b rlo\u202e zw\u200b\ufeff end';

  it('C0/C1 controls, bidi overrides and zero-width characters are stored exactly as sent and read back', async () => {
    const res = await send(
      'POST',
      '/api/ingest',
      buildInbound({ subject: c0c1, text: c0c1, sender: { externalId: 'c-ctl', displayName: c0c1.slice(0, 100) } }),
    );
    expect(res.status).toBe(201);
    const { ticketId } = await res.json();
    const body = await (await send('GET', `/api/tickets/${ticketId}`)).json();
    expect(body.ticket.subject).toBe(c0c1);
    expect(body.messages[0].text).toBe(c0c1);
    expect(body.customer.name).toBe(c0c1.slice(0, 100));
    const found = await (await send('GET', `/api/tickets?q=${encodeURIComponent('bell')}`)).json();
    expect(found.tickets.map((x: { id: string }) => x.id)).toEqual([ticketId]);
  });

  it('a lone surrogate half is refused with a 400 naming the field, never a 500 (jsonb cannot hold it)', async () => {
    const id = await openTicket();
    await refusedNaming(await send('POST', '/api/teams', { name: 'Team \udfff' }), 'json', 'name', SURROGATE_MESSAGE);
    await refusedNaming(
      await send('POST', '/api/ingest', buildInbound({ text: 'half \ud800 of a pair' })),
      'json',
      'text',
      SURROGATE_MESSAGE,
    );
    await refusedNaming(await send('POST', `/api/tickets/${id}/tags`, { add: ['x\udc00y'] }), 'json', 'add.0', SURROGATE_MESSAGE);
    // A whole pair, escaped or not, is an ordinary character.
    const pair = await send('POST', '/api/teams', { name: 'Team \ud83d\ude00 😀' });
    expect(pair.status).toBe(201);
    expect((await pair.json()).team.name).toBe('Team 😀 😀');
    // A URL cannot carry a lone surrogate; the nearest thing, bytes that are not UTF-8, is searched as U+FFFD.
    for (const q of ['%ED%A0%80', '%FF%FE', '%C0%80']) expect((await send('GET', `/api/tickets?q=${q}`)).status).toBe(200);
  });

  it('a JSON body that is not UTF-8 is refused with a 400, not stored with U+FFFD in place of what was sent', async () => {
    const before = await t.ctx.db.select({ id: tickets.id }).from(tickets);
    const json = (text: string) => Buffer.from(JSON.stringify(buildInbound({ text })), 'utf8');
    const marker = json('MARK');
    const at = marker.indexOf('MARK');
    // GBK bytes for 你好 (C4 E3 BA C3) sent as if UTF-8, and an overlong encoding of "/".
    for (const bad of [Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from([0xc0, 0xaf])]) {
      const body = Buffer.concat([marker.subarray(0, at), bad, marker.subarray(at + 4)]);
      const res = await app.request('/api/ingest', { method: 'POST', headers, body });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBe(`Invalid json: ${NOT_UTF8}`);
    }
    expect(await t.ctx.db.select({ id: tickets.id }).from(tickets)).toEqual(before);
    const fine = await app.request('/api/ingest', { method: 'POST', headers, body: json('你好，UTF-8 is fine') });
    expect(fine.status).toBe(201);
  });
});
