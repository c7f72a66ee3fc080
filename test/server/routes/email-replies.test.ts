import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { inboxes, messages } from '../../../server/db/schema/index.ts';
import { buildDelivery } from '../../../server/services/messages/build-outbound.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const post = (path: string, headers: Headers, body: unknown) => app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

async function customerMail(cc: string[], withFile = false) {
  const settings = emailSettingsSchema.parse({
    address: 'help@shop.example',
    imap: { host: '127.0.0.1', port: 143, secure: false, user: 'help' },
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
  });
  const [inbox] = await t.ctx.db.insert(inboxes).values({ channel: 'email', name: 'Help', settings }).returning();
  const address = `cleo-${Math.random().toString(36).slice(2)}@customer.example`;
  return ingest(
    t.ctx,
    buildInbound({
      channel: 'email',
      inboxId: inbox!.id,
      sender: { externalId: address, email: address, displayName: 'Cleo' },
      subject: 'Broken kettle',
      text: 'It leaks since Monday.',
      meta: { email: { to: ['help@shop.example'], cc: [...cc, address] } },
      ...(withFile
        ? { attachments: [{ filename: 'leak.jpg', contentType: 'image/jpeg', content: Buffer.from('jpeg bytes').toString('base64') }] }
        : {}),
    }),
  );
}

describe('email replies: CC and BCC', () => {
  it('copies whom the customer copied unless the agent chooses, keeps BCC, and never copies the customer', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const mail = await customerMail(['Partner@Customer.example']);

    const first = await post(`/api/tickets/${mail.ticketId}/reply`, agent.headers, { text: 'We will send a new one.' });
    expect(first.status).toBe(201);
    expect((await first.json()).message.meta.cc).toEqual(['partner@customer.example']);

    const chosen = await post(`/api/tickets/${mail.ticketId}/reply`, agent.headers, {
      text: 'Tracking: **AB123**',
      cc: [],
      bcc: ['records@shop.example'],
    });
    const { message } = await chosen.json();
    expect(message.meta.cc).toBeUndefined();
    expect(message.meta.bcc).toEqual(['records@shop.example']);
    expect(message.html).toContain('<strong>AB123</strong>');
    const delivery = await buildDelivery(t.ctx, message.id);
    expect(delivery!.outbound).toMatchObject({ bcc: ['records@shop.example'], text: 'Tracking: AB123' });
    expect(delivery!.outbound!.cc).toBeUndefined();
  });

  it('refuses copies on a ticket of another channel and a malformed address, naming the field', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const chat = await ingest(t.ctx, buildInbound({ channel: 'widget', sender: { externalId: 'visitor-1' } }));
    const res = await post(`/api/tickets/${chat.ticketId}/reply`, agent.headers, { text: 'Hi', cc: ['a@b.example'] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ path: 'cc', message: 'only email has copies, this ticket is widget' });
    const mail = await customerMail([]);
    const bad = await post(`/api/tickets/${mail.ticketId}/reply`, agent.headers, { text: 'Hi', bcc: ['nope'] });
    expect((await bad.json()).error.details[0].path).toBe('bcc.0');
    expect(await t.ctx.db.$count(messages, eq(messages.ticketId, chat.ticketId))).toBe(1);
  });
});

describe('POST /api/tickets/:id/forward', () => {
  it('sends the conversation quoted with its attachments to other addresses, recorded in the thread without answering the customer', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const mail = await customerMail([], true);
    const res = await post(`/api/tickets/${mail.ticketId}/forward`, agent.headers, {
      to: ['repairs@supplier.example'],
      text: 'Can you replace this one?',
    });
    expect(res.status).toBe(201);
    const { ticket, message } = await res.json();
    expect(ticket.firstResponseAt).toBeNull();
    expect(ticket.status).toBe('new');
    expect(message.direction).toBe('out');
    expect(message.meta.forward).toEqual({ to: ['repairs@supplier.example'], messageId: null });
    expect(message.text).toMatch(/^Can you replace this one\?\n\n---------- Forwarded message ----------\nFrom: Cleo <cleo-/);
    expect(message.text).toContain('Subject: Broken kettle\n\nIt leaks since Monday.');
    expect(message.html).toContain('<blockquote>');
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual(['leak.jpg']);

    const delivery = await buildDelivery(t.ctx, message.id);
    expect(delivery!.outbound!.forwardTo).toEqual(['repairs@supplier.example']);
    expect(delivery!.outbound!.attachments.map((a) => a.filename)).toEqual(['leak.jpg']);
    const detail = await (await app.request(`/api/tickets/${mail.ticketId}`, { headers: agent.headers })).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('forwarded');
  });

  it('forwards one message alone when it is named', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const mail = await customerMail([], true);
    await post(`/api/tickets/${mail.ticketId}/reply`, agent.headers, { text: 'We are on it.' });
    const res = await post(`/api/tickets/${mail.ticketId}/forward`, agent.headers, { to: ['qa@shop.example'], messageId: mail.messageId });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message.meta.forward).toEqual({ to: ['qa@shop.example'], messageId: mail.messageId });
    expect(message.text).toContain('It leaks since Monday.');
    expect(message.text).not.toContain('We are on it.');
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual(['leak.jpg']);
  });

  it('refuses a note, a message of another ticket, a ticket not on email, no address, and editors', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const mail = await customerMail([]);
    const other = await customerMail([]);
    const note = await (await post(`/api/tickets/${mail.ticketId}/notes`, agent.headers, { text: 'internal' })).json();
    const cases: [string, Record<string, unknown>, number, string | RegExp][] = [
      [mail.ticketId, { to: ['x@y.example'], messageId: note.message.id }, 400, 'an internal note is never sent'],
      [mail.ticketId, { to: ['x@y.example'], messageId: other.messageId }, 400, 'no such message on this ticket'],
      [mail.ticketId, { to: [] }, 400, 'forward to at least one address'],
      [mail.ticketId, { to: ['not-an-address'] }, 400, 'must be an email address'],
    ];
    for (const [id, body, status, message] of cases) {
      const res = await post(`/api/tickets/${id}/forward`, agent.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.details[0].message).toMatch(message);
    }
    const chat = await ingest(t.ctx, buildInbound({ channel: 'widget', sender: { externalId: 'visitor-2' } }));
    const refused = await post(`/api/tickets/${chat.ticketId}/forward`, agent.headers, { to: ['x@y.example'] });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/Only email tickets can be forwarded/);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await post(`/api/tickets/${mail.ticketId}/forward`, editor.headers, { to: ['x@y.example'] })).status).toBe(403);
  });
});
