import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { csatResponses, inboxes, messages, outbox } from '../../../server/db/schema/index.ts';
import { csatSurveyHandler } from '../../../server/services/csat/survey-handler.ts';
import { surveyTokens } from '../../../server/services/csat/survey-token.ts';
import { assign } from '../../../server/services/tickets/assign.ts';
import { reopen } from '../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { serverWorld } from '../../support/server-world.ts';
import { until } from '../../support/sockets.ts';

const PUBLIC = 'https://support.acme.test';
const sink = smtpSinkStandIn();
const { server } = serverWorld({ OUTBOX_POLL_MS: '50', PUBLIC_URL: PUBLIC });
beforeEach(async () => {
  sink.received.length = 0;
  await server.reset();
});

/** An enabled mailbox whose SMTP is the sink (IMAP points nowhere: only sending matters here). */
async function buildMailbox(extra: Record<string, unknown> = {}) {
  const settings = emailSettingsSchema.parse({
    address: 'support@acme.test',
    imap: { host: '127.0.0.1', port: 9, secure: false, user: 'x' },
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
    ...extra,
  });
  const [row] = await server.ctx.db
    .insert(inboxes)
    .values({ channel: 'email', name: 'Acme Support', settings, secrets: server.ctx.secrets.seal(JSON.stringify({ imapPassword: 'x' })) })
    .returning();
  return row!;
}

async function resolvedEmailTicket(opts: { text?: string; subject?: string; csat?: boolean } = {}) {
  const inbox = await buildMailbox(opts.csat === false ? { csat: false } : {});
  const agent = await buildActor(server.ctx, ['agent', 'supervisor']);
  const ticket = await buildTicket(server.ctx, {
    channel: 'email',
    inboxId: inbox.id,
    threadKey: '<first@customer.example>',
    externalMessageId: '<first@customer.example>',
    sender: { externalId: 'alice@customer.example', displayName: 'Alice', email: 'alice@customer.example' },
    subject: opts.subject ?? 'Printer does not print',
    text: opts.text ?? 'It blinks orange.',
  });
  await assign(server.ctx, agent, ticket.ticketId, { assigneeId: agent.id });
  const view = await resolve(server.ctx, agent, ticket.ticketId);
  return { agent, ticket, view };
}

const mailCount = async (n: number) => until(() => sink.received.length >= n && sink.received, `${n} mail(s) at the SMTP sink`, 15_000);
const links = (text: string) => [...text.matchAll(/https:\/\/support\.acme\.test\/csat\/\S+/g)].map((m) => m[0]);
/** The link as the customer's browser would reach this server (PUBLIC_URL is a proxy in front of it). */
const local = (link: string) => link.replace(PUBLIC, server.url);
const post = (link: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(local(link).split('?')[0]!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const ratings = () => server.ctx.db.select().from(csatResponses);

describe('CSAT by email', () => {
  it('resolving sends one survey mail, threaded into the conversation, with five signed rating links', async () => {
    const { ticket, view } = await resolvedEmailTicket();
    const [mail] = await mailCount(1);
    expect(mail!.to).toEqual(['alice@customer.example']);
    expect(mail!.parsed.subject).toBe(`Re: Printer does not print [#${ticket.ticketNumber}]`);
    expect(mail!.parsed.inReplyTo).toBe('<first@customer.example>');
    expect([mail!.parsed.references].flat()).toContain('<first@customer.example>');
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const found = links(mail!.parsed.text!);
    expect(found.map((l) => new URL(l).searchParams.get('rating'))).toEqual(['1', '2', '3', '4', '5']);
    const token = new URL(found[0]!).pathname.split('/').pop()!;
    expect(surveyTokens(server.ctx.config).check(token, new Date())).toMatchObject({
      ok: true,
      claim: { ticketId: ticket.ticketId, resolvedAt: new Date(view.resolvedAt!) },
    });
    expect(mail!.parsed.html).toContain(found[4]!.replace(/&/g, '&amp;'));

    // The copy on the ticket tells agents a survey went out, without the links (marked sent just after SMTP accepted it).
    const outgoing = () =>
      server.ctx.db
        .select()
        .from(messages)
        .where(and(eq(messages.ticketId, ticket.ticketId), eq(messages.direction, 'out')));
    const kept = await until(async () => (await outgoing()).find((m) => m.deliveryStatus === 'sent'), 'the survey marked sent');
    expect(kept).toMatchObject({ deliveryStatus: 'sent', meta: { automaticKind: 'csat-survey' } });
    expect(kept.text).toContain('How would you rate the help you received?');
    expect(kept.text).not.toContain('/csat/');
    expect(mail!.parsed.messageId).toBe(kept.channelMessageId);

    // The job running again (a crash before it was marked done) does not send a second survey.
    await csatSurveyHandler(server.ctx, server.channels).run(
      { ticketId: ticket.ticketId, resolvedAt: view.resolvedAt! },
      { id: 0, topic: 'csat.survey', attempt: 2, maxAttempts: 8 },
    );
    await until(
      async () => (await server.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver'))).every((j) => j.status === 'done'),
      'deliveries settled',
    );
    expect(sink.received).toHaveLength(1);
    expect(await server.ctx.db.$count(messages, eq(messages.direction, 'out'))).toBe(1);
  });

  it('opening a link records nothing; confirming on the page records the rating once; a second answer is refused', async () => {
    const { agent, ticket } = await resolvedEmailTicket();
    const [mail] = await mailCount(1);
    const four = links(mail!.parsed.text!)[3]!;

    // What a mail scanner does: fetch every link. Nothing is recorded.
    for (const link of links(mail!.parsed.text!)) expect((await fetch(local(link))).status).toBe(200);
    const shown = await (await fetch(local(four))).text();
    expect(shown).toMatch(/<input type="radio" name="rating" value="4" checked/);
    expect(shown).toContain(`ticket #${ticket.ticketNumber}`);
    expect(shown).not.toContain('<script');
    expect(await ratings()).toEqual([]);

    const cross = await post(four, { rating: '1' }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await ratings()).toEqual([]);

    const thanks = await post(four, { rating: '4', comment: 'Fast <b>and</b> friendly' }, { origin: server.url });
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('We have recorded your rating of 4/5');
    expect(await ratings()).toMatchObject([
      { ticketId: ticket.ticketId, rating: 4, comment: 'Fast <b>and</b> friendly', channel: 'email', agentId: agent.id },
    ]);

    const again = await post(four, { rating: '1' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This survey was already answered (4/5)');
    expect((await ratings()).map((r) => r.rating)).toEqual([4]);
    const reopened = await fetch(local(four));
    expect(await reopened.text()).toContain('Already rated');
  });

  it('asks for a rating choice when none was made, and keeps the comment', async () => {
    await resolvedEmailTicket();
    const [mail] = await mailCount(1);
    const res = await post(links(mail!.parsed.text!)[0]!, { comment: 'hmm' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('Please choose a rating from 1 to 5.');
    expect(body).toContain('>hmm</textarea>');
    expect(await ratings()).toEqual([]);
  });

  it('refuses altered, malformed and expired links with a clear page, and writes nothing', async () => {
    const { ticket, view } = await resolvedEmailTicket();
    const [mail] = await mailCount(1);
    const link = links(mail!.parsed.text!)[4]!;
    const token = new URL(link).pathname.split('/').pop()!;
    const otherTicket = surveyTokens(server.ctx.config)
      .issue('11111111-2222-4333-8444-555555555555', new Date(view.resolvedAt!))
      .split('.')[1]!;
    const parts = token.split('.');
    const tampered = [parts[0], otherTicket, ...parts.slice(2)].join('.');
    for (const bad of [tampered, 'garbage']) {
      const res = await fetch(`${server.url}/csat/${bad}?rating=5`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link does not work');
      expect((await post(`${server.url}/csat/${bad}`, { rating: '5' })).status).toBe(400);
    }
    const expired = surveyTokens(server.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!), -1_000);
    const res = await fetch(`${server.url}/csat/${expired}?rating=5`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This survey has expired');
    expect((await post(`${server.url}/csat/${expired}`, { rating: '5' })).status).toBe(410);
    expect(await ratings()).toEqual([]);
  });

  it('a reopened and resolved-again ticket gets a new survey; the old link is closed', async () => {
    const { agent, ticket } = await resolvedEmailTicket();
    const [first] = await mailCount(1);
    const old = links(first!.parsed.text!)[2]!;
    await reopen(server.ctx, agent, ticket.ticketId);
    expect((await fetch(local(old))).status).toBe(410);
    await resolve(server.ctx, agent, ticket.ticketId);
    const [, second] = await mailCount(2);
    const fresh = links(second!.parsed.text!)[4]!;
    expect(fresh).not.toBe(links(first!.parsed.text!)[4]);
    const closed = await post(old, { rating: '3' });
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('The ticket was reopened after this survey was sent');
    expect((await post(fresh, { rating: '5' })).status).toBe(200);
    expect((await ratings()).map((r) => r.rating)).toEqual([5]);
  });

  it('writes to a customer who wrote in Chinese in Chinese, and the page follows', async () => {
    await resolvedEmailTicket({ subject: '打印机无法打印', text: '打印机一直闪橙灯，怎么办？' });
    const [mail] = await mailCount(1);
    expect(mail!.parsed.text).toContain('您对我们提供的帮助满意吗？');
    const link = links(mail!.parsed.text!)[4]!;
    expect(new URL(link).searchParams.get('lang')).toBe('zh-CN');
    const page = await (await fetch(local(link))).text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('提交评分');
    const done = await post(link, { rating: '5', lang: 'zh-CN' });
    expect(await done.text()).toContain('我们已记录您对工单');
  });

  it('sends no survey when the mailbox has CSAT turned off', async () => {
    const { ticket } = await resolvedEmailTicket({ csat: false });
    await until(
      async () => (await server.ctx.db.select().from(outbox).where(eq(outbox.topic, 'csat.survey')))[0]?.status === 'done',
      'the survey job to finish',
    );
    expect(await server.ctx.db.$count(messages, and(eq(messages.ticketId, ticket.ticketId), eq(messages.direction, 'out')))).toBe(0);
    expect(sink.received).toHaveLength(0);
  });
});
