import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { setFieldArchived } from '../../../server/services/custom-fields/archive-field.ts';
import { createField } from '../../../server/services/custom-fields/create-field.ts';
import { updateTicketFields } from '../../../server/services/custom-fields/update-ticket-fields.ts';
import { buildActor } from '../../support/factories.ts';
import { buildWidgetInbox, connectWidget, emit } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();

/** An admin's fields: two shown to customers (a ticket and a customer one), one agent-only, one archived. */
async function defineFields() {
  const admin = await buildActor(server.ctx, ['admin']);
  const order = await createField(server.ctx, admin, {
    entity: 'ticket',
    key: 'order_number',
    type: 'number',
    labels: { en: 'Order number', 'zh-CN': '订单号' },
    help: { en: 'On your receipt', 'zh-CN': '见收据' },
    customerVisible: true,
    requiredToResolve: true,
  });
  await createField(server.ctx, admin, {
    entity: 'customer',
    key: 'plan',
    type: 'select',
    labels: { en: 'Plan', 'zh-CN': '套餐' },
    options: [
      { value: 'basic', labels: { en: 'Basic', 'zh-CN': '基础版' } },
      { value: 'pro', labels: { en: 'Pro' } },
    ],
    customerVisible: true,
  });
  await createField(server.ctx, admin, { entity: 'ticket', key: 'root_cause', type: 'text', labels: { en: 'Root cause' } });
  const gone = await createField(server.ctx, admin, {
    entity: 'ticket',
    key: 'old_ref',
    type: 'text',
    labels: { en: 'Old reference' },
    customerVisible: true,
  });
  await setFieldArchived(server.ctx, admin, gone.id, true);
  return { admin, order };
}

const ticketOf = async (visitorId: string) =>
  (
    await server.ctx.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId)))
  )[0]!;

describe('custom fields in the widget pre-chat form', () => {
  it('welcomes with the customer-visible fields only, labelled in the visitor’s language, none of them required', async () => {
    await defineFields();
    const inbox = await buildWidgetInbox(server.ctx);
    const zh = track(await connectWidget(server.url, { inboxId: inbox.id, locale: 'zh-CN' }));
    expect(zh.welcome.fields).toEqual([
      {
        entity: 'customer',
        key: 'plan',
        type: 'select',
        label: '套餐',
        help: null,
        options: [
          { value: 'basic', label: '基础版' },
          { value: 'pro', label: 'Pro' },
        ],
      },
      { entity: 'ticket', key: 'order_number', type: 'number', label: '订单号', help: '见收据', options: [] },
    ]);
    // Nothing asked is required, so the form may be skipped; it is shown to a fresh visitor because there is something to ask.
    expect(zh.welcome.preChatDone).toBe(true);
    const en = track(await connectWidget(server.url, { inboxId: inbox.id, locale: 'en-GB' }));
    expect(en.welcome.fields.map((f) => f.label)).toEqual(['Plan', 'Order number']);
  });

  it('refuses a bad value naming the field in the visitor’s language, and an agent-only or archived key as not fillable', async () => {
    await defineFields();
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id, locale: 'zh-CN' }));
    const bad = await emit(w.socket, 'prechat.submit', { name: 'Li Lei', ticketFields: { order_number: '12a' } });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: '请检查：订单号',
        details: [{ path: 'ticketFields.order_number', message: '订单号: 请输入整数', code: 'invalid_value' }],
      },
    });
    for (const [group, key] of [
      ['ticketFields', 'root_cause'],
      ['ticketFields', 'old_ref'],
      ['customerFields', 'order_number'],
    ] as const) {
      const refused = await emit(w.socket, 'prechat.submit', { [group]: { [key]: 'x' } });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: [{ path: `${group}.${key}`, code: 'unknown_field' }] },
      });
    }
    // Nothing refused was kept: the first message's ticket has no fields.
    const sent = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'hello' });
    expect(sent.ok).toBe(true);
    expect((await ticketOf(w.welcome.visitorId)).customFields).toEqual({});
  });

  it('puts the answers on the first message’s ticket and customer with a history line, once', async () => {
    const { admin } = await defineFields();
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const ok = await emit(w.socket, 'prechat.submit', {
      name: 'Wang Fang',
      ticketFields: { order_number: ' 10042 ' },
      customerFields: { plan: 'pro' },
    });
    expect(ok).toMatchObject({ ok: true, data: { name: 'Wang Fang' } });
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Where is my parcel?' })).toMatchObject({ ok: true });
    const ticket = await ticketOf(w.welcome.visitorId);
    expect(ticket.customFields).toEqual({ order_number: 10042 });
    const [customer] = await server.ctx.db.select().from(customers).where(eq(customers.id, ticket.customerId));
    expect(customer!.customFields).toEqual({ plan: 'pro' });
    const history = await server.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(history.filter((e) => e.kind === 'fields_changed').map((e) => e.data)).toEqual([
      { changes: [{ key: 'order_number', from: null, to: 10042 }], system: 'pre-chat form' },
    ]);

    // An agent corrects the number; the customer writing on does not put the old answer back.
    await updateTicketFields(server.ctx, admin, ticket.id, { order_number: 10043 });
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Any news?' })).toMatchObject({ ok: true });
    expect((await ticketOf(w.welcome.visitorId)).customFields).toEqual({ order_number: 10043 });
  });

  it('drops an answer whose field was archived before the first message, and still takes the message', async () => {
    const { admin, order } = await defineFields();
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    expect(await emit(w.socket, 'prechat.submit', { ticketFields: { order_number: 7 }, customerFields: { plan: 'basic' } })).toMatchObject({
      ok: true,
    });
    await setFieldArchived(server.ctx, admin, order.id, true);
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'still here' })).toMatchObject({ ok: true });
    const ticket = await ticketOf(w.welcome.visitorId);
    expect(ticket.customFields).toEqual({});
    const [customer] = await server.ctx.db.select().from(customers).where(eq(customers.id, ticket.customerId));
    expect(customer!.customFields).toEqual({ plan: 'basic' });
  });
});
