import { describe, expect, it } from 'vitest';
import { recordFailedMail } from '../../../channels/email/failed-mail.ts';
import { fixture } from '../../support/email.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const json = async (res: Response) => (await res.json()) as any;
const mailbox = {
  channel: 'email',
  name: 'Support',
  settings: { address: 'help@acme.example', imap: { host: 'imap.acme.example', user: 'help' }, smtp: { host: 'smtp.acme.example' } },
  secrets: { imapPassword: 'hunter2-imap' },
};

describe('/api/inboxes', () => {
  it('lets an admin connect, list, change and remove a mailbox; the password is never in a response', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const created = await send('POST', '/api/inboxes', admin.headers, mailbox);
    expect(created.status).toBe(201);
    const { inbox } = await json(created);
    expect(inbox).toMatchObject({ channel: 'email', enabled: true, secretsSet: ['imapPassword'] });

    const listed = await send('GET', '/api/inboxes', admin.headers);
    const listText = await listed.text();
    expect(listed.status).toBe(200);
    expect(JSON.parse(listText).inboxes).toHaveLength(1);
    expect(listText).not.toContain('hunter2');

    const patched = await send('PATCH', `/api/inboxes/${inbox.id}`, admin.headers, { enabled: false, settings: { pollSeconds: 30 } });
    expect(await json(patched)).toMatchObject({ inbox: { enabled: false, settings: { pollSeconds: 30, address: 'help@acme.example' } } });
    expect((await send('DELETE', `/api/inboxes/${inbox.id}`, admin.headers)).status).toBe(204);
    expect((await send('GET', `/api/inboxes/${inbox.id}`, admin.headers)).status).toBe(404);
  });

  it('answers bad input with 400 naming the field', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const res = await send('POST', '/api/inboxes', admin.headers, {
      ...mailbox,
      settings: { ...mailbox.settings, address: 'not-an-address' },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('settings.address');
  });

  it('refuses agents (403) and anonymous callers (401)', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await send('POST', '/api/inboxes', agent.headers, mailbox)).status).toBe(403);
    expect((await send('GET', '/api/inboxes', agent.headers)).status).toBe(403);
    expect((await send('GET', '/api/email/failed', agent.headers)).status).toBe(403);
    expect((await send('GET', '/api/inboxes', { 'content-type': 'application/json' })).status).toBe(401);
  });
});

describe('/api/email', () => {
  it('lists kept mail with its reason and retries it into a ticket', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const { inbox } = await json(await send('POST', '/api/inboxes', admin.headers, mailbox));
    const kept = await recordFailedMail(
      t.ctx,
      { inboxId: inbox.id, mailbox: 'INBOX', uid: 9 },
      fixture('plain.eml'),
      'database was unavailable',
    );
    const list = await json(await send('GET', '/api/email/failed?status=failed', admin.headers));
    expect(list.mail).toEqual([expect.objectContaining({ id: kept.id, reason: 'database was unavailable', from: null })]);
    const retried = await send('POST', `/api/email/failed/${kept.id}/retry`, admin.headers);
    expect(retried.status).toBe(200);
    expect(await json(retried)).toMatchObject({
      mail: { status: 'resolved', ticketId: expect.any(String) },
      outcome: { status: 'ingested' },
    });
  });
});
