import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { customers, messages, ticketEvents } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { createField } from '../../../../server/services/custom-fields/create-field.ts';
import { ingestWithFields } from '../../../../server/services/custom-fields/ingest-fields.ts';
import { setTicketFields } from '../../../../server/services/custom-fields/set-fields.ts';
import { updateCustomerFields } from '../../../../server/services/custom-fields/update-customer-fields.ts';
import { updateTicketFields } from '../../../../server/services/custom-fields/update-ticket-fields.ts';
import { setFieldArchived } from '../../../../server/services/custom-fields/archive-field.ts';
import { bulkUpdateTickets } from '../../../../server/services/tickets/bulk-update.ts';
import { listTickets } from '../../../../server/services/tickets/list-tickets.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
  await createField(t.ctx, w.admin, {
    entity: 'ticket',
    key: 'product',
    type: 'select',
    labels: { en: 'Product', 'zh-CN': '产品' },
    options: ['router', 'switch'].map((value) => ({ value, labels: { en: value } })),
    requiredToResolve: true,
  });
  await createField(t.ctx, w.admin, { entity: 'ticket', key: 'seats', type: 'number', labels: { en: 'Seats' } });
  await createField(t.ctx, w.admin, { entity: 'ticket', key: 'erp_id', type: 'text', labels: { en: 'ERP id' }, agentEditable: false });
  await createField(t.ctx, w.admin, {
    entity: 'customer',
    key: 'contract_tier',
    type: 'select',
    labels: { en: 'Contract tier' },
    options: ['gold', 'silver'].map((value) => ({ value, labels: { en: value } })),
  });
});

const fieldEvents = (ticketId: string) =>
  t.ctx.db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.kind, 'fields_changed')));

describe('ticket and customer field values', () => {
  it('sets values as stored types, records history with from/to and refuses bad values naming the field', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    const r = await updateTicketFields(t.ctx, w.agentA, ticketId, { product: 'router', seats: '12' });
    expect(r.ticket.customFields).toEqual({ product: 'router', seats: 12 });
    expect(r.changes).toEqual([
      { key: 'product', from: null, to: 'router' },
      { key: 'seats', from: null, to: 12 },
    ]);
    await updateTicketFields(t.ctx, w.agentA, ticketId, { seats: null });
    expect((await ticketRow(t.ctx, ticketId)).customFields).toEqual({ product: 'router' });
    const events = await fieldEvents(ticketId);
    expect(events.map((e) => e.data)).toEqual([
      {
        changes: [
          { key: 'product', from: null, to: 'router' },
          { key: 'seats', from: null, to: 12 },
        ],
      },
      { changes: [{ key: 'seats', from: 12, to: null }] },
    ]);
    expect(t.published.some((e) => e.name === 'ticket.updated' && e.data.changes.includes('fields'))).toBe(true);

    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { product: 'modem' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Invalid ticket fields: product: “Product” (product): expected one of: router, switch',
    });
    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { colour: 'red' })).rejects.toMatchObject({
      message: 'Invalid ticket fields: colour: no ticket field has the key "colour"',
    });
    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { seats: 1.5 })).rejects.toMatchObject({
      message: expect.stringContaining('whole number'),
    });
    // An agent of another team does not see the ticket at all.
    await expect(updateTicketFields(t.ctx, w.agentB, ticketId, { seats: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateTicketFields(t.ctx, w.editor, ticketId, { seats: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a read-only field is refused for agents; admins, API tokens (trusted) and the system set it', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { erp_id: 'E-1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('“ERP id” (erp_id) is read-only for agents'),
    });
    await expect(updateTicketFields(t.ctx, w.admin, ticketId, { erp_id: 'E-1' })).resolves.toMatchObject({ changes: [{ key: 'erp_id' }] });
    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { erp_id: 'E-2' }, { trusted: true })).resolves.toBeTruthy();
    await t.ctx.db.transaction((tx) => setTicketFields(tx, systemActor('rule'), ticketId, { erp_id: 'E-3' }));
    expect((await ticketRow(t.ctx, ticketId)).customFields).toEqual({ erp_id: 'E-3' });
    const [last] = (await fieldEvents(ticketId)).slice(-1);
    expect(last).toMatchObject({ actorType: 'system', data: { system: 'rule', changes: [{ key: 'erp_id', from: 'E-2', to: 'E-3' }] } });
  });

  it('an archived field is hidden: not settable, not required, its value kept', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await updateTicketFields(t.ctx, w.agentA, ticketId, { seats: 3 });
    const fields = await t.ctx.db.query.customFields.findMany();
    await setFieldArchived(t.ctx, w.admin, fields.find((f) => f.key === 'seats')!.id, true);
    await expect(updateTicketFields(t.ctx, w.agentA, ticketId, { seats: 4 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await setFieldArchived(t.ctx, w.admin, fields.find((f) => f.key === 'product')!.id, true);
    await expect(resolve(t.ctx, w.agentA, ticketId)).resolves.toMatchObject({ status: 'resolved' });
    expect((await ticketRow(t.ctx, ticketId)).customFields).toEqual({ seats: 3 });
  });

  it('customer fields: set by agents, audited, refused when invalid', async () => {
    const { customerId } = await buildTeamTicket(t.ctx, null);
    const r = await updateCustomerFields(t.ctx, w.agentA, customerId, { contract_tier: 'gold' });
    expect(r.customer.customFields).toEqual({ contract_tier: 'gold' });
    await expect(updateCustomerFields(t.ctx, w.agentA, customerId, { contract_tier: 'platinum' })).rejects.toMatchObject({
      message: expect.stringContaining('“Contract tier” (contract_tier): expected one of: gold, silver'),
    });
    await expect(updateCustomerFields(t.ctx, w.agentA, customerId, { product: 'router' })).rejects.toMatchObject({
      message: expect.stringContaining('no customer field has the key "product"'),
    });
  });
});

describe('required to resolve', () => {
  it('refuses to resolve while a required field is empty, naming it; resolves once it is set', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(resolve(t.ctx, w.agentA, ticketId)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Cannot resolve: the field “Product” (product) must be filled in first',
      details: [{ path: 'customFields.product', code: 'required_to_resolve', labels: { en: 'Product', 'zh-CN': '产品' } }],
    });
    expect((await ticketRow(t.ctx, ticketId)).status).not.toBe('resolved');
    await updateTicketFields(t.ctx, w.agentA, ticketId, { product: 'switch' });
    await expect(resolve(t.ctx, w.agentA, ticketId)).resolves.toMatchObject({ status: 'resolved' });
  });

  it('bulk resolve refuses each ticket missing the field and resolves the others', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamA.id);
    const b = await buildTeamTicket(t.ctx, w.teamA.id);
    await updateTicketFields(t.ctx, w.agentA, b.ticketId, { product: 'router' });
    const r = await bulkUpdateTickets(t.ctx, w.agentA, {
      ticketIds: [a.ticketId, b.ticketId],
      action: { type: 'status', status: 'resolved' },
    });
    expect(r).toMatchObject({ applied: 1, refused: 1 });
    expect(r.results[0]).toMatchObject({ result: 'refused', error: { code: 'VALIDATION', message: expect.stringContaining('“Product”') } });
    expect((await ticketRow(t.ctx, a.ticketId)).status).not.toBe('resolved');
    expect((await ticketRow(t.ctx, b.ticketId)).status).toBe('resolved');
  });
});

describe('ingest sets fields', () => {
  it('sets ticket and customer fields in the message’s transaction, read-only ones included', async () => {
    const msg = buildInbound({ channel: 'api', sender: { externalId: 'crm-42', displayName: 'Wu' } });
    const r = await ingestWithFields(t.ctx, w.agentA, msg, {
      ticketFields: { product: 'router', erp_id: 'E-9' },
      customerFields: { contract_tier: 'silver' },
    });
    expect((await ticketRow(t.ctx, r.ticketId)).customFields).toEqual({ product: 'router', erp_id: 'E-9' });
    const [c] = await t.ctx.db.select().from(customers).where(eq(customers.id, r.customerId));
    expect(c!.customFields).toEqual({ contract_tier: 'silver' });
    expect(await fieldEvents(r.ticketId)).toHaveLength(1);
    // A replay stores nothing new.
    const again = await ingestWithFields(t.ctx, w.agentA, msg, { ticketFields: { product: 'switch' } });
    expect(again.duplicate).toBe(true);
    expect((await ticketRow(t.ctx, r.ticketId)).customFields).toMatchObject({ product: 'router' });
  });

  it('refuses unknown keys and bad values before anything is stored', async () => {
    const msg = buildInbound({ channel: 'api', externalMessageId: 'refused-1' });
    await expect(ingestWithFields(t.ctx, w.agentA, msg, { ticketFields: { colour: 'red' } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('colour'),
    });
    await expect(ingestWithFields(t.ctx, w.agentA, msg, { customerFields: { contract_tier: 'bronze' } })).rejects.toMatchObject({
      message: expect.stringContaining('Contract tier'),
    });
    expect(await t.ctx.db.select().from(messages).where(eq(messages.channelMessageId, 'refused-1'))).toEqual([]);
  });
});

describe('inbox filter by field', () => {
  it('lists the tickets whose field holds the value (text, number, multi-select forms)', async () => {
    const a = await buildTeamTicket(t.ctx, null, { subject: 'A' });
    const b = await buildTeamTicket(t.ctx, null, { subject: 'B' });
    await buildTeamTicket(t.ctx, null, { subject: 'C' });
    await updateTicketFields(t.ctx, w.admin, a.ticketId, { product: 'router', seats: 5 });
    await updateTicketFields(t.ctx, w.admin, b.ticketId, { product: 'switch', seats: 5 });
    const subjects = async (field: string[]) => (await listTickets(t.ctx, w.admin, { field })).tickets.map((x) => x.subject).sort();
    expect(await subjects(['product:router'])).toEqual(['A']);
    expect(await subjects(['seats:5'])).toEqual(['A', 'B']);
    expect(await subjects(['seats:5', 'product:switch'])).toEqual(['B']);
    expect(await subjects(['product:modem'])).toEqual([]);
    await expect(listTickets(t.ctx, w.admin, { field: ['no value'] })).rejects.toMatchObject({
      message: expect.stringContaining('key:value'),
    });
  });
});

describe('inbox sort by field', () => {
  it('orders by the field’s value (numbers as numbers), empty last, page by page', async () => {
    const ids: Record<string, string> = {};
    for (const [subject, seats] of [
      ['ten', 10],
      ['nine', 9],
      ['none', null],
      ['hundred', 100],
    ] as const) {
      ids[subject] = (await buildTeamTicket(t.ctx, null, { subject })).ticketId;
      if (seats !== null) await updateTicketFields(t.ctx, w.admin, ids[subject]!, { seats });
    }
    await updateTicketFields(t.ctx, w.admin, ids.none!, { product: 'switch' });
    await updateTicketFields(t.ctx, w.admin, ids.ten!, { product: 'router' });
    const order = async (sortField: string) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTickets(t.ctx, w.admin, { sortField, limit: 1, cursor });
        seen.push(...page.tickets.map((x) => x.subject));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await order('seats')).toEqual(['nine', 'ten', 'hundred', 'none']);
    expect((await order('product')).slice(0, 2)).toEqual(['ten', 'none']);
    await expect(listTickets(t.ctx, w.admin, { sortField: 'colour' })).rejects.toMatchObject({
      message: expect.stringContaining('"colour"'),
    });
  });
});
