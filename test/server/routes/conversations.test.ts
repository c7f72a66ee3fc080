import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { customerIdentities, inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { buildDelivery } from '../../../server/services/messages/build-outbound.ts';
import { volumeByDay } from '../../../server/services/reports/volume-by-day.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { buildActor, buildInbound, buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTelegramInbox } from '../../support/telegram.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const post = (path: string, headers: Headers, body: unknown) => app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

async function emailInbox(teamId: string | null = null, extra: Record<string, unknown> = {}) {
  const settings = emailSettingsSchema.parse({
    address: 'help@shop.example',
    imap: { host: '127.0.0.1', port: 143, secure: false, user: 'help' },
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
    ...extra,
  });
  const [row] = await t.ctx.db.insert(inboxes).values({ channel: 'email', name: 'Help', teamId, settings }).returning();
  return row!;
}

const emailStart = (inboxId: string, over: Record<string, unknown> = {}) => ({
  channel: 'email',
  inboxId,
  to: 'Ann.Lee@customer.example',
  name: 'Ann Lee',
  cc: ['boss@customer.example'],
  bcc: ['audit@shop.example'],
  subject: 'Your refund',
  text: '**Good news**: the refund is on its way.\n\n- 20 EUR\n- by Friday',
  ...over,
});

describe('POST /api/tickets: an agent starts an email conversation', () => {
  it('opens a ticket assigned to the agent in the mailbox team, threaded by the first message’s Message-ID, with CC, BCC and Markdown as HTML', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const inbox = await emailInbox(team.id);

    const res = await post('/api/tickets', agent.headers, emailStart(inbox.id));
    expect(res.status).toBe(201);
    const { ticket, message } = await res.json();
    expect(ticket).toMatchObject({ channel: 'email', status: 'open', assigneeId: agent.user.id, teamId: team.id, subject: 'Your refund' });
    expect(ticket.firstResponseAt).not.toBeNull();
    expect(message).toMatchObject({
      direction: 'out',
      deliveryStatus: 'queued',
      meta: { cc: ['boss@customer.example'], bcc: ['audit@shop.example'] },
    });
    expect(message.text).toBe('Good news: the refund is on its way.\n\n- 20 EUR\n- by Friday');
    expect(message.html).toContain('<strong>Good news</strong>');
    expect(message.html).toContain('<li>20 EUR</li>');

    const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.threadKey).toBe(`<sb-${message.id}@shop.example>`);
    const ids = await t.ctx.db.select().from(customerIdentities).where(eq(customerIdentities.customerId, row!.customerId));
    expect(ids.map((i) => [i.channel, i.externalId, i.displayName])).toEqual([['email', 'ann.lee@customer.example', 'Ann Lee']]);

    const delivery = await buildDelivery(t.ctx, message.id);
    expect(delivery!.outbound).toMatchObject({ cc: ['boss@customer.example'], bcc: ['audit@shop.example'], inboxId: inbox.id });
    expect(delivery!.outbound!.recipient.externalId).toBe('ann.lee@customer.example');

    // The same address later finds the same customer.
    const again = await post(
      '/api/tickets',
      agent.headers,
      emailStart(inbox.id, { to: 'ann.lee@customer.example', cc: [], subject: 'Second' }),
    );
    expect((await again.json()).ticket.customerId).toBe(row!.customerId);
  });

  it('is for agents, supervisors and admins only', async () => {
    const inbox = await emailInbox();
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const user = await buildTokenUser(t.ctx, [role]);
      expect((await post('/api/tickets', user.headers, emailStart(inbox.id, { subject: role }))).status, role).toBe(201);
    }
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const refused = await post('/api/tickets', editor.headers, emailStart(inbox.id));
    expect(refused.status).toBe(403);
    expect((await app.request('/api/tickets', { method: 'POST', body: JSON.stringify(emailStart(inbox.id)) })).status).toBe(401);
  });

  it('names the bad field: unknown inbox, inbox of another channel, bad addresses, missing subject, unknown channel', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const inbox = await emailInbox();
    const bot = await buildTelegramInbox(t.ctx);
    const before = await t.ctx.db.$count(tickets);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [emailStart('00000000-0000-4000-8000-000000000000'), 'inboxId', /no such inbox/],
      [emailStart(bot.inbox.id), 'inboxId', /is a telegram inbox, not email/],
      [emailStart(inbox.id, { to: 'not an address' }), 'to', /email address/],
      [emailStart(inbox.id, { cc: ['ok@x.example', 'nope'] }), 'cc.1', /email address/],
      [emailStart(inbox.id, { bcc: ['@'] }), 'bcc.0', /email address/],
      [emailStart(inbox.id, { subject: ' ' }), 'subject', /subject/],
      [emailStart(inbox.id, { text: '' }), 'text', /text/],
      [{ ...emailStart(inbox.id), channel: 'fax' }, 'channel', /email/],
      [emailStart(inbox.id, { customerId: '00000000-0000-4000-8000-000000000000', to: 'new@x.example' }), 'customerId', /no such customer/],
    ];
    for (const [body, path, message] of cases) {
      const res = await post('/api/tickets', agent.headers, body);
      expect(res.status, path).toBe(400);
      const { error } = await res.json();
      expect(error.details[0].path, JSON.stringify(error)).toBe(path);
      expect(error.message).toMatch(message);
    }
    expect(await t.ctx.db.$count(tickets)).toBe(before);
  });
});

describe('POST /api/tickets: Telegram', () => {
  it('writes to a customer who has talked to the bot, in their chat; refuses one who has not, and a chat still going on', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const bot = await buildTelegramInbox(t.ctx);
    const chat = `${bot.botId}:4242`;
    const first = await ingest(
      t.ctx,
      buildInbound({ channel: 'telegram', inboxId: bot.inbox.id, threadKey: chat, sender: { externalId: '4242', displayName: 'Wang' } }),
    );
    const body = { channel: 'telegram', inboxId: bot.inbox.id, customerId: first.customerId, text: 'Your parcel arrived at the store' };

    const busy = await post('/api/tickets', agent.headers, body);
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toMatchObject({
      message: expect.stringContaining(`#${first.ticketNumber}`),
      details: { ticketNumber: first.ticketNumber },
    });

    await t.ctx.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, first.ticketId));
    const res = await post('/api/tickets', agent.headers, body);
    expect(res.status).toBe(201);
    const { ticket } = await res.json();
    expect(ticket).toMatchObject({
      channel: 'telegram',
      inboxId: bot.inbox.id,
      assigneeId: agent.user.id,
      subject: 'Your parcel arrived at the store',
    });
    const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.threadKey).toBe(chat);

    const stranger = await ingest(t.ctx, buildInbound({ channel: 'email', sender: { externalId: 'mail-only@x.example' } }));
    const refused = await post('/api/tickets', agent.headers, { ...body, customerId: stranger.customerId });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details[0]).toMatchObject({
      path: 'customerId',
      message: expect.stringMatching(/never written to a Telegram bot/),
    });
    const unknown = await post('/api/tickets', agent.headers, { ...body, customerId: '00000000-0000-4000-8000-000000000000' });
    expect((await unknown.json()).error.details[0]).toMatchObject({ path: 'customerId', message: 'no such customer' });
    const email = await emailInbox();
    const wrong = await post('/api/tickets', agent.headers, { ...body, inboxId: email.id });
    expect((await wrong.json()).error.details[0]).toMatchObject({ path: 'inboxId', message: 'is a email inbox, not telegram' });
  });
});

describe('POST /api/tickets: recording a phone call or a visit', () => {
  it('opens a resolved phone ticket with the outcome as a note, finds the caller again by number, and refuses replies on it', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const call = {
      channel: 'phone',
      customer: { name: '李雷', phone: '+86 138-0000-1111' },
      subject: 'Printer will not start',
      text: 'Walked through a reset; it works again.',
    };
    const res = await post('/api/tickets', agent.headers, call);
    expect(res.status).toBe(201);
    const { ticket, message } = await res.json();
    expect(ticket).toMatchObject({
      channel: 'phone',
      status: 'resolved',
      assigneeId: agent.user.id,
      teamId: team.id,
      subject: 'Printer will not start',
    });
    expect(ticket.resolvedAt).not.toBeNull();
    expect(message).toMatchObject({ direction: 'note', text: 'Walked through a reset; it works again.', authorUserId: agent.user.id });

    const again = await post('/api/tickets', agent.headers, {
      ...call,
      channel: 'in_person',
      status: 'open',
      customer: { name: 'Li Lei', phone: '+8613800001111' },
    });
    const visit = (await again.json()).ticket;
    expect(visit).toMatchObject({ channel: 'in_person', status: 'open', customerId: ticket.customerId });

    const reply = await post(`/api/tickets/${visit.id}/reply`, agent.headers, { text: 'Hello' });
    expect(reply.status).toBe(409);
    expect((await reply.json()).error.message).toMatch(/in_person ticket has nothing to send a reply on: add a note/);
    expect(await t.ctx.db.$count(messages, eq(messages.ticketId, visit.id))).toBe(1);

    const actor = await buildActor(t.ctx, ['supervisor']);
    const volume = await volumeByDay(t.ctx, actor, { from: ticket.createdAt.slice(0, 10), to: ticket.createdAt.slice(0, 10), tz: 'UTC' });
    expect(volume.days[0]).toMatchObject({ phone: 1, in_person: 1 });
  });

  it('needs a customer, picked or new, and names what is missing', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: 'phone', subject: 'x', text: 'y' }, 'customerId'],
      [{ channel: 'phone', customer: { name: 'A', phone: 'call me' }, subject: 'x', text: 'y' }, 'customer.phone'],
      [{ channel: 'phone', customer: { name: 'A' }, subject: '', text: 'y' }, 'subject'],
      [{ channel: 'in_person', customer: { name: 'A' }, subject: 'x', text: 'y', status: 'closed' }, 'status'],
    ];
    for (const [body, path] of cases) {
      const res = await post('/api/tickets', agent.headers, body);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.details[0].path).toBe(path);
    }
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect(
      (await post('/api/tickets', editor.headers, { channel: 'phone', customer: { name: 'A' }, subject: 'x', text: 'y' })).status,
    ).toBe(403);
  });
});

describe('GET /api/conversations/inboxes', () => {
  it('lists the enabled mailboxes (with their address) and bots to agents, without settings or secrets; not to editors', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const mail = await emailInbox();
    const bot = await buildTelegramInbox(t.ctx, { name: 'Shop bot' });
    const off = await buildTelegramInbox(t.ctx, { name: 'Old bot', enabled: false });
    const res = await app.request('/api/conversations/inboxes', { headers: agent.headers });
    expect(res.status).toBe(200);
    const { inboxes: list } = await res.json();
    expect(list).toContainEqual({ id: mail.id, name: 'Help', channel: 'email', address: 'help@shop.example' });
    expect(list).toContainEqual({ id: bot.inbox.id, name: 'Shop bot', channel: 'telegram', address: null });
    expect(list.map((i: { id: string }) => i.id)).not.toContain(off.inbox.id);
    expect(JSON.stringify(list)).not.toMatch(/imap|secret|token/i);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await app.request('/api/conversations/inboxes', { headers: editor.headers })).status).toBe(403);
  });
});
