import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../../../server/db/schema/index.ts';
import { getCustomer } from '../../../../server/services/customers/get-customer.ts';
import { listCustomers } from '../../../../server/services/customers/list-customers.ts';
import { updateCustomer } from '../../../../server/services/customers/update-customer.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeamTicket, buildWorld } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

describe('customers', () => {
  it('lists and searches customers by name, email and channel identity, a page at a time', async () => {
    await buildTeamTicket(t.ctx, null, { channel: 'email', sender: { externalId: 'mia@shop.test', displayName: 'Mia Wong' } });
    await buildTeamTicket(t.ctx, null, { channel: 'telegram', sender: { externalId: '424242', displayName: 'Otto' } });
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1_000);
      await buildTeamTicket(t.ctx, null, { sender: { externalId: `extra-${i}`, displayName: `Extra ${i}` } });
    }
    const find = async (q: string) => (await listCustomers(t.ctx, w.agentA, { q })).customers.map((c) => c.name);
    expect(await find('mia')).toEqual(['Mia Wong']);
    expect(await find('shop.test')).toEqual(['Mia Wong']);
    expect(await find('4242')).toEqual(['Otto']);

    const names: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCustomers(t.ctx, w.agentA, { limit: 2, cursor });
      names.push(...page.customers.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);
    await expect(listCustomers(t.ctx, w.editor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows identities and only the tickets the actor may see', async () => {
    const sender = { externalId: 'kim@example.com', displayName: 'Kim' };
    const a = await buildTeamTicket(t.ctx, w.teamA.id, { channel: 'email', subject: 'team A matter', sender });
    await buildTeamTicket(t.ctx, w.teamB.id, { channel: 'email', subject: 'team B matter', sender });
    const asAgentA = await getCustomer(t.ctx, w.agentA, a.customerId);
    expect(asAgentA.identities).toEqual([expect.objectContaining({ channel: 'email', externalId: 'kim@example.com', displayName: 'Kim' })]);
    expect(asAgentA.tickets.map((x) => x.subject)).toEqual(['team A matter']);
    expect((await getCustomer(t.ctx, w.supervisor, a.customerId)).tickets).toHaveLength(2);
    await expect(getCustomer(t.ctx, w.agentA, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('updates the profile with normalised tags, and writes who changed what to the audit log', async () => {
    const { customerId } = await buildTeamTicket(t.ctx, null);
    const view = await updateCustomer(t.ctx, w.agentA, customerId, {
      name: ' Ada Lovelace ',
      email: 'ADA@Example.com',
      tier: 'gold',
      tags: ['VIP', 'vip '],
      notes: 'Prefers email',
      phone: '+44 20 7946 0000',
    });
    expect(view).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: 'gold',
      tags: ['vip'],
      notes: 'Prefers email',
      phone: '+44 20 7946 0000',
    });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, customerId));
    expect(audit).toMatchObject({
      actorId: w.agentA.id,
      action: 'customer.updated',
      data: { changes: expect.objectContaining({ tier: { from: null, to: 'gold' } }) },
    });
    expect((await updateCustomer(t.ctx, w.agentA, customerId, { tier: null })).tier).toBeNull();
  });

  it('refuses bad fields by name, unknown fields, and editors; writes nothing', async () => {
    const { customerId } = await buildTeamTicket(t.ctx, null);
    const [before] = await t.ctx.db.select().from(customers).where(eq(customers.id, customerId));
    await expect(updateCustomer(t.ctx, w.agentA, customerId, { email: 'not-an-email' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('email'),
    });
    await expect(updateCustomer(t.ctx, w.agentA, customerId, { vip: true } as never)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('vip'),
    });
    await expect(updateCustomer(t.ctx, w.editor, customerId, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [after] = await t.ctx.db.select().from(customers).where(eq(customers.id, customerId));
    expect(after).toEqual(before);
    expect(await t.ctx.db.$count(auditLog)).toBe(0);
  });
});
