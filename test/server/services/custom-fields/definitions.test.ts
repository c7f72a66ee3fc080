import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, customers, tickets } from '../../../../server/db/schema/index.ts';
import { setFieldArchived } from '../../../../server/services/custom-fields/archive-field.ts';
import { createField } from '../../../../server/services/custom-fields/create-field.ts';
import { listFields } from '../../../../server/services/custom-fields/list-fields.ts';
import { reorderFields } from '../../../../server/services/custom-fields/reorder-fields.ts';
import { updateField } from '../../../../server/services/custom-fields/update-field.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const tierOptions = [
  { value: 'gold', labels: { en: 'Gold', 'zh-CN': '金牌' } },
  { value: 'silver', labels: { en: 'Silver', 'zh-CN': '银牌' } },
];
const setValue = (id: string, values: Record<string, unknown>) =>
  t.ctx.db.update(tickets).set({ customFields: values }).where(eq(tickets.id, id));

describe('field definitions', () => {
  it('an admin defines fields (audited); agents, supervisors and editors read them but cannot define', async () => {
    const tier = await createField(t.ctx, w.admin, {
      entity: 'customer',
      key: 'contract_tier',
      type: 'select',
      labels: { en: 'Contract tier', 'zh-CN': '合同等级' },
      options: tierOptions,
    });
    expect(tier).toMatchObject({ key: 'contract_tier', type: 'select', position: 0, archivedAt: null, agentEditable: true });
    const product = await createField(t.ctx, w.admin, {
      entity: 'ticket',
      key: 'product',
      type: 'text',
      labels: { en: 'Product' },
      requiredToResolve: true,
    });
    expect(product.requiredToResolve).toBe(true);

    for (const who of [w.agentA, w.supervisor, w.editor]) {
      await expect(createField(t.ctx, who, { entity: 'ticket', key: 'x', type: 'text', labels: { en: 'X' } })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(updateField(t.ctx, who, product.id, { labels: { en: 'Y' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(setFieldArchived(t.ctx, who, product.id, true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await listFields(t.ctx, w.agentA)).map((f) => f.key)).toEqual(['contract_tier', 'product']);
    expect((await listFields(t.ctx, w.editor, { entity: 'ticket' })).map((f) => f.key)).toEqual(['product']);

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, tier.id));
    expect(audit).toMatchObject([{ action: 'custom_field.created', actorId: w.admin.id }]);
  });

  it('refuses bad keys, duplicate keys per entity, and selects without options, naming what was wrong', async () => {
    const base = { entity: 'ticket' as const, type: 'text' as const, labels: { en: 'Product' } };
    await expect(createField(t.ctx, w.admin, { ...base, key: 'Product Name' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('key: lowercase letters'),
    });
    await createField(t.ctx, w.admin, { ...base, key: 'product' });
    await expect(createField(t.ctx, w.admin, { ...base, key: 'product' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"product"'),
    });
    // The same key on the other entity is a different field.
    await expect(createField(t.ctx, w.admin, { ...base, entity: 'customer', key: 'product' })).resolves.toMatchObject({
      entity: 'customer',
    });
    await expect(createField(t.ctx, w.admin, { ...base, key: 'tier', type: 'select' })).rejects.toMatchObject({
      message: expect.stringContaining('needs at least one option'),
    });
    await expect(createField(t.ctx, w.admin, { ...base, key: 'n', type: 'number', options: tierOptions })).rejects.toMatchObject({
      message: expect.stringContaining('only select and multi-select'),
    });
    await expect(
      createField(t.ctx, w.admin, { ...base, key: 'dup', type: 'select', options: [tierOptions[0]!, tierOptions[0]!] }),
    ).rejects.toMatchObject({ message: expect.stringContaining('unique') });
    await expect(createField(t.ctx, w.admin, { ...base, key: 'bad', labels: { en: '' } })).rejects.toMatchObject({
      message: expect.stringContaining('labels.en'),
    });
  });

  it('a type change converts the values that convert, and refuses naming samples when some do not', async () => {
    const f = await createField(t.ctx, w.admin, { entity: 'ticket', key: 'seats', type: 'text', labels: { en: 'Seats' } });
    const a = await buildTeamTicket(t.ctx, null);
    const b = await buildTeamTicket(t.ctx, null);
    await setValue(a.ticketId, { seats: '12' });
    await setValue(b.ticketId, { seats: 'about twenty' });

    await expect(updateField(t.ctx, w.admin, f.id, { type: 'number' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Field “Seats” (seats) cannot change to type number: 1 stored value would not convert, e.g. "about twenty"',
    });
    expect((await listFields(t.ctx, w.admin))[0]!.type).toBe('text');
    expect((await ticketRow(t.ctx, a.ticketId)).customFields).toEqual({ seats: '12' });

    await setValue(b.ticketId, { seats: '20' });
    const changed = await updateField(t.ctx, w.admin, f.id, { type: 'number' });
    expect(changed.type).toBe('number');
    expect((await ticketRow(t.ctx, a.ticketId)).customFields).toEqual({ seats: 12 });
    expect((await ticketRow(t.ctx, b.ticketId)).customFields).toEqual({ seats: 20 });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'custom_field.updated'));
    expect(audit!.data).toMatchObject({ key: 'seats', converted: 2, changes: { type: { from: 'text', to: 'number' } } });
  });

  it('removing an option still in use is refused; customer values convert too', async () => {
    const f = await createField(t.ctx, w.admin, {
      entity: 'customer',
      key: 'tier',
      type: 'select',
      labels: { en: 'Tier' },
      options: tierOptions,
    });
    const { customerId } = await buildTeamTicket(t.ctx, null);
    await t.ctx.db
      .update(customers)
      .set({ customFields: { tier: 'silver' } })
      .where(eq(customers.id, customerId));
    await expect(updateField(t.ctx, w.admin, f.id, { options: [tierOptions[0]!] })).rejects.toMatchObject({
      message: expect.stringContaining('cannot change to these options: 1 stored value would not convert, e.g. "silver"'),
    });
    await updateField(t.ctx, w.admin, f.id, { type: 'multi_select' });
    const [c] = await t.ctx.db.select().from(customers).where(eq(customers.id, customerId));
    expect(c!.customFields).toEqual({ tier: ['silver'] });
  });

  it('deleting archives: hidden from lists, values kept, restorable', async () => {
    const f = await createField(t.ctx, w.admin, { entity: 'ticket', key: 'product', type: 'text', labels: { en: 'Product' } });
    const a = await buildTeamTicket(t.ctx, null);
    await setValue(a.ticketId, { product: 'Router' });
    const archived = await setFieldArchived(t.ctx, w.admin, f.id, true);
    expect(archived.archivedAt).not.toBeNull();
    expect(await listFields(t.ctx, w.agentA)).toEqual([]);
    expect((await listFields(t.ctx, w.admin, { archived: true })).map((x) => x.key)).toEqual(['product']);
    expect((await ticketRow(t.ctx, a.ticketId)).customFields).toEqual({ product: 'Router' });
    await setFieldArchived(t.ctx, w.admin, f.id, false);
    expect((await listFields(t.ctx, w.agentA)).map((x) => x.key)).toEqual(['product']);
    const actions = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, f.id))).map((r) => r.action).sort();
    expect(actions).toEqual(['custom_field.archived', 'custom_field.created', 'custom_field.restored']);
  });

  it('reorders an entity’s fields', async () => {
    const a = await createField(t.ctx, w.admin, { entity: 'ticket', key: 'a', type: 'text', labels: { en: 'A' } });
    const b = await createField(t.ctx, w.admin, { entity: 'ticket', key: 'b', type: 'text', labels: { en: 'B' } });
    const listed = await reorderFields(t.ctx, w.admin, { entity: 'ticket', ids: [b.id, a.id] });
    expect(listed.map((f) => f.key)).toEqual(['b', 'a']);
    await expect(reorderFields(t.ctx, w.agentA, { entity: 'ticket', ids: [a.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reorderFields(t.ctx, w.admin, { entity: 'customer', ids: [a.id] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
