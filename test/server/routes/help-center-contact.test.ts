import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { customers, inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { mailRecipients } from '../../../channels/email/send.ts';
import { createField } from '../../../server/services/custom-fields/create-field.ts';
import { buildDelivery } from '../../../server/services/messages/build-outbound.ts';
import { contactFormRates } from '../../../server/services/web-form/submit-contact-form.ts';
import { buildActor } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ TRUST_PROXY: 'true' });
const defaultRates = { ...contactFormRates };
afterEach(() => Object.assign(contactFormRates, defaultRates));

const HOST = 'help.example.com';
let ip = 0;
/** Each test writes from its own address, so one test's budget never reaches into another's. */
const nextIp = () => `203.0.113.${++ip}`;

async function world() {
  await t.ctx.db.insert(inboxes).values({ channel: 'email', name: 'Support', settings: { address: 'support@switchboard.test' } });
  const admin = await buildActor(t.ctx, ['admin']);
  await createField(t.ctx, admin, {
    entity: 'ticket',
    key: 'product',
    type: 'select',
    labels: { en: 'Product', 'zh-CN': '产品' },
    options: [
      { value: 'router', labels: { en: 'Router <b>X</b>', 'zh-CN': '路由器' } },
      { value: 'switch', labels: { en: 'Switch' } },
    ],
    customerVisible: true,
  });
  await createField(t.ctx, admin, {
    entity: 'ticket',
    key: 'order_number',
    type: 'number',
    labels: { en: 'Order number' },
    customerVisible: true,
  });
  await createField(t.ctx, admin, { entity: 'customer', key: 'company', type: 'text', labels: { en: 'Company' }, customerVisible: true });
  await createField(t.ctx, admin, { entity: 'ticket', key: 'root_cause', type: 'text', labels: { en: 'Root cause' } });
}

/** Opens the form as a browser would; returns its hidden token and the page. */
async function openForm(headers: Record<string, string> = {}) {
  const res = await app.request('/help/contact', { headers: { host: HOST, ...headers } });
  const html = await res.text();
  return { status: res.status, html, token: /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

async function post(fields: Record<string, string | string[]>, opts: { ip?: string; origin?: string | null; lang?: string } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  const res = await app.request(`/help/contact${opts.lang ? `?lang=${opts.lang}` : ''}`, {
    method: 'POST',
    body,
    headers: {
      host: HOST,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': opts.ip ?? nextIp(),
      ...(opts.origin === null ? {} : { origin: opts.origin ?? `https://${HOST}` }),
    },
  });
  return { status: res.status, html: await res.text() };
}

const good = (token: string) => ({
  token,
  name: 'Mei Chen',
  email: 'Mei@Example.com',
  subject: 'Router keeps rebooting',
  message: 'Since the update it restarts every hour.',
});
const allTickets = () => t.ctx.db.select().from(tickets);

describe('the help center contact form', () => {
  it('shows name, email, subject, message and the customer-visible fields, never an agent-only one; escapes labels', async () => {
    await world();
    const { status, html, token } = await openForm();
    expect(status).toBe(200);
    expect(token).toMatch(/^f1\./);
    for (const name of [
      'name',
      'email',
      'subject',
      'message',
      'ticketFields.product',
      'ticketFields.order_number',
      'customerFields.company',
    ])
      expect(html).toContain(`name="${name}"`);
    expect(html).not.toContain('root_cause');
    expect(html).toContain('Router &lt;b&gt;X&lt;/b&gt;');
    expect((await openForm({ 'accept-language': 'zh-CN' })).html).toContain('>路由器</option>');
  });

  it('creates an email ticket with the fields from a good submission, confirms its number, and a resend of the same form is the same ticket', async () => {
    await world();
    const { token } = await openForm();
    const form = {
      ...good(token),
      'ticketFields.product': 'router',
      'ticketFields.order_number': '1042',
      'customerFields.company': 'Acme',
    };
    const sent = await post(form);
    expect(sent.status).toBe(200);
    const [ticket] = await allTickets();
    expect(ticket).toMatchObject({
      channel: 'email',
      subject: 'Router keeps rebooting',
      customFields: { product: 'router', order_number: 1042 },
    });
    expect(sent.html).toContain(`#${ticket!.number}`);
    expect(sent.html).toContain('mei@example.com');
    const [customer] = await t.ctx.db.select().from(customers).where(eq(customers.id, ticket!.customerId));
    expect(customer).toMatchObject({ email: 'mei@example.com', name: 'Mei Chen', customFields: { company: 'Acme' } });
    const [first] = await t.ctx.db.select().from(messages).where(eq(messages.ticketId, ticket!.id));
    expect(first).toMatchObject({ direction: 'in', text: 'Since the update it restarts every hour.', meta: { source: 'web_form' } });

    const again = await post(form);
    expect(again.status).toBe(200);
    expect(again.html).toContain(`#${ticket!.number}`);
    expect(await allTickets()).toHaveLength(1);

    // An agent answers like any mail: the reply is addressed to the customer, in the thread the form started.
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const reply = await app.request(`/api/tickets/${ticket!.id}/reply`, {
      method: 'POST',
      headers: agent.headers,
      body: JSON.stringify({ text: 'Please update the firmware.' }),
    });
    expect(reply.status).toBe(201);
    const { outbound } = (await buildDelivery(t.ctx, (await reply.json()).message.id))!;
    expect(outbound).toMatchObject({ channel: 'email', inboxId: ticket!.inboxId, recipient: { externalId: 'mei@example.com' } });
    expect([outbound!.inReplyTo, ...outbound!.threadMessageIds]).toContain(first!.channelMessageId);
    expect(mailRecipients(outbound!, ['support@switchboard.test']).to).toEqual(['mei@example.com']);
  });

  it('refuses a bad field value with 400 naming the field next to its input, keeps what was typed, stores nothing', async () => {
    await world();
    const { token } = await openForm();
    const res = await post({
      ...good(token),
      email: 'not-an-email',
      'ticketFields.order_number': '10x',
      subject: '<img src=x onerror=alert(1)>',
    });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/data-testid="contact-summary">Please check: Your email, Order number</);
    expect(res.html).toMatch(/data-testid="contact-error-ticketFields.order_number">Order number: enter a whole number</);
    expect(res.html).toMatch(/data-testid="contact-error-email">Please enter a valid email address.</);
    expect(res.html).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
    expect(res.html).not.toContain('<img src=x');
    expect(await allTickets()).toHaveLength(0);

    const zh = await post({ ...good((await openForm()).token), 'ticketFields.product': 'toaster' }, { lang: 'zh-CN' });
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('产品: 请从选项中选择一项');
  });

  it('refuses an agent-only field and an unknown one by name', async () => {
    await world();
    const { token } = await openForm();
    const res = await post({ ...good(token), 'ticketFields.root_cause': 'customer error', 'customerFields.vip': 'true' });
    expect(res.status).toBe(400);
    expect(res.html).toContain('Please check: root_cause, vip');
    expect(await allTickets()).toHaveLength(0);
  });

  it('refuses another site’s post (403), a form without our token (400, a fresh form), an oversized body (413)', async () => {
    await world();
    const { token } = await openForm();
    const cross = await post(good(token), { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.html).toContain('This form can only be sent from this help center.');
    const forged = await post(good(`${token.slice(0, -4)}AAAA`));
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('Please send it again');
    expect(forged.html).toMatch(/name="token" value="f1\./);
    expect(forged.html).toContain('value="Router keeps rebooting"');
    const huge = await post({ ...good(token), message: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(await allTickets()).toHaveLength(0);
    // A post without an Origin header (not a browser form) is judged by its token alone.
    expect((await post(good(token), { origin: null })).status).toBe(200);
  });

  it('limits requests per IP: past the budget a 429 says when to try again; another address still gets through', async () => {
    await world();
    contactFormRates.perIp = 2;
    const from = nextIp();
    for (let i = 0; i < 2; i++) expect((await post(good((await openForm()).token), { ip: from })).status).toBe(200);
    const third = await post(good((await openForm()).token), { ip: from });
    expect(third.status).toBe(429);
    expect(third.html).toMatch(/try again in \d+ minutes/);
    expect((await post(good((await openForm()).token))).status).toBe(200);
    expect(await allTickets()).toHaveLength(3);
  });

  it('is not offered while no email inbox can send the answer', async () => {
    const res = await openForm();
    expect(res.status).toBe(503);
    expect(res.html).toContain('not available right now');
  });
});
