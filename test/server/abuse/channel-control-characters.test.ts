import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { processRawEmail } from '../../../channels/email/process.ts';
import { csatResponses, customers, failedMail, messages, tickets } from '../../../server/db/schema/index.ts';
import { surveyTokens } from '../../../server/services/csat/survey-token.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildWidgetInbox, connectWidget, emit } from '../../channels/widget/harness.ts';
import type { Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox } from '../../support/email.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { serverWorld } from '../../support/server-world.ts';
import { telegramApiStandIn } from '../../support/telegram-world.ts';
import { buildBotToken, eventually, loadUpdate } from '../../support/telegram.ts';

// Customers cannot be asked to fix a NUL (U+0000) or a lone surrogate half, and PostgreSQL stores neither
// (22021 in text, 22P02 in jsonb). What arrives by channel is cleaned and stored, never refused, never a
// crash, and never a mail or update retried for ever.
const botToken = buildBotToken(613000111);
const api = telegramApiStandIn();
const { server } = serverWorld(() => ({ TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_API_ROOT: api.apiRoot, OUTBOX_POLL_MS: '50' }));

const messageWith = (text: string) =>
  server.ctx.db
    .select()
    .from(messages)
    .where(eq(messages.text, text))
    .then((r) => r[0]);

describe('NUL and lone surrogates from customers, by channel', () => {
  it('the widget: a pre-chat name, a message and a rating comment are stored without them', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = await connectWidget(server.url, { inboxId: inbox.id });
    try {
      const named = await emit(w.socket, 'prechat.submit', { name: 'Ma\u0000llory \ud800' });
      expect(named).toMatchObject({ ok: true, data: { name: 'Mallory \ufffd' } });
      const sent = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'nul\u0000 here \udc00 and there' });
      expect(sent).toMatchObject({ ok: true, data: { text: 'nul here \ufffd and there' } });
      const m = await messageWith('nul here \ufffd and there');
      expect(m).toBeDefined();
      const [customer] = await server.ctx.db.select().from(customers).where(eq(customers.id, m!.customerId!));
      expect(customer!.name).toBe('Mallory \ufffd');

      await resolve(server.ctx, await buildActor(server.ctx, ['admin']), m!.ticketId);
      const request = await eventually(
        () => w.seen.find((e) => e.name === 'csat.request')?.data as { token: string } | undefined,
        'a csat.request',
      );
      const rated = await emit(w.socket, 'csat.submit', { token: request.token, rating: 4, comment: 'ok\u0000 \ud83d' });
      expect(rated).toMatchObject({ ok: true, data: { rating: 4, comment: 'ok \ufffd' } });
    } finally {
      w.socket.close();
    }
  });

  it('email: NUL bytes in the body, the subject and the sender name are dropped and the mail is ingested, not failed', async () => {
    const inbox = await buildEmailInbox(server.ctx, { host: '127.0.0.1', port: 1, user: 'support', password: 'x' } as Dovecot, {
      mailbox: 'INBOX',
    });
    const raw = Buffer.from(
      [
        'From: =?utf-8?Q?Nul=00_Name?= <nul@customer.example>',
        'To: support@switchboard.test',
        'Subject: =?utf-8?Q?Broken=00_subject?=',
        `Message-ID: <${randomUUID()}@customer.example>`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Line with a NUL=00 byte and a raw one \u0000 too',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const outcome = await processRawEmail(server.ctx, inbox, raw, { inboxId: inbox.id, mailbox: 'INBOX', uid: 7 });
    expect(outcome).toMatchObject({ status: 'ingested' });
    const [m] = await server.ctx.db
      .select()
      .from(messages)
      .where(eq(messages.id, (outcome as { messageId: string }).messageId));
    expect(m!.text.trim()).toBe('Line with a NUL byte and a raw one  too');
    const [ticket] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, m!.ticketId));
    expect(ticket!.subject).toBe('Broken subject');
    expect((await server.ctx.db.select().from(customers).where(eq(customers.id, m!.customerId!)))[0]!.name).toBe('Nul Name');
    expect(await server.ctx.db.$count(failedMail)).toBe(0);
  });

  it('Telegram: a text with NUL and a lone surrogate is stored and the bot moves on to the next update', async () => {
    api.pushUpdates(botToken, loadUpdate('text', { update_id: 815300001, message: { message_id: 300001, text: 'tg\u0000 text \ud800!' } }));
    api.pushUpdates(botToken, loadUpdate('text', { update_id: 815300002, message: { message_id: 300002, text: 'the next one' } }));
    await eventually(() => messageWith('the next one'), 'the update after it stored', 20_000);
    expect(await messageWith('tg text \ufffd!')).toBeDefined();
  });

  it('the emailed survey page: a comment with a NUL is stored without it', async () => {
    const ticket = await buildTicket(server.ctx, {
      channel: 'email',
      sender: { externalId: 'rater@customer.example', email: 'rater@customer.example' },
    });
    const view = await resolve(server.ctx, await buildActor(server.ctx, ['admin']), ticket.ticketId);
    const token = surveyTokens(server.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!));
    const res = await fetch(`${server.url}/csat/${encodeURIComponent(token)}`, {
      method: 'POST',
      body: new URLSearchParams({ rating: '5', comment: 'great\u0000 job' }),
    });
    expect(res.status).toBe(200);
    const [row] = await server.ctx.db.select().from(csatResponses).where(eq(csatResponses.ticketId, ticket.ticketId));
    expect(row).toMatchObject({ rating: 5, comment: 'great job' });
  });

  it('the public help center: a NUL in a search or an article address is a page, not a crash', async () => {
    const search = await fetch(`${server.url}/help/search?q=${encodeURIComponent('printer\u0000')}`);
    expect(search.status).toBe(200);
    expect(await search.text()).toContain('printer');
    expect((await fetch(`${server.url}/help/articles/a%00b`)).status).toBe(404);
    expect(
      (await fetch(`${server.url}/help/articles/a%00b/helpful`, { method: 'POST', body: new URLSearchParams({ helpful: 'yes' }) })).status,
    ).toBe(404);
  });
});
