import { eq, inArray } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, csatResponses, customers, messages, tickets } from '../../../../server/db/schema/index.ts';
import { getCustomer } from '../../../../server/services/customers/get-customer.ts';
import { listCustomers } from '../../../../server/services/customers/list-customers.ts';
import { mergeCustomers } from '../../../../server/services/customers/merge-customers.ts';
import { previewMerge } from '../../../../server/services/customers/preview-merge.ts';
import { updateCustomer } from '../../../../server/services/customers/update-customer.ts';
import { addNote } from '../../../../server/services/tickets/add-note.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTicket } from '../../../support/factories.ts';
import { buildWorld } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

/** 王芳 writes by email twice (one ticket resolved and rated 4), and again on Telegram, where she is a new customer. */
async function twoOfHer() {
  const email = { externalId: 'wang.fang@example.cn', displayName: '王芳' };
  const first = await buildTicket(t.ctx, { channel: 'email', threadKey: '<order@example.cn>', sender: email, text: '订单没有到' });
  await buildTicket(t.ctx, { channel: 'email', threadKey: '<order@example.cn>', sender: email, text: '还在等' });
  const rated = await buildTicket(t.ctx, { channel: 'email', sender: email, text: '发票' });
  await resolve(t.ctx, w.supervisor, rated.ticketId);
  const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, rated.ticketId));
  await t.ctx.db
    .insert(csatResponses)
    .values({ ticketId: rated.ticketId, channel: 'email', customerId: rated.customerId, rating: 4, resolvedAt: row!.resolvedAt! });
  await updateCustomer(t.ctx, w.agentA, first.customerId, { tags: ['vip'], notes: 'Prefers email', phone: '+86 138 0000 1234' });
  const tg = await buildTicket(t.ctx, {
    channel: 'telegram',
    threadKey: 'chat-88',
    sender: { externalId: '88', displayName: 'Fang W', meta: { username: 'fangw' } },
    text: '你好',
  });
  await addNote(t.ctx, w.agentA, tg.ticketId, { text: 'Same person as the email customer' });
  await updateCustomer(t.ctx, w.agentA, tg.customerId, { tags: ['telegram', 'vip'], notes: 'Asked on Telegram' });
  return { emailCustomer: first.customerId, tgCustomer: tg.customerId, openEmailTicket: first.ticketId, tgTicket: tg.ticketId };
}

const messageCount = (customerId: string) =>
  t.ctx.db.$count(
    messages,
    inArray(messages.ticketId, t.ctx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId))),
  );

describe('merging customers', () => {
  it('previews what moves, then moves all of it in one go: identities, tickets, messages, ratings, tags and notes', async () => {
    const her = await twoOfHer();
    const preview = await previewMerge(t.ctx, w.agentA, her.tgCustomer, her.emailCustomer);
    expect(preview.moves).toMatchObject({ identities: 1, tickets: 1, openTickets: 1, messages: 2, ratings: 0 });
    expect(preview.moves.identityList).toEqual([
      expect.objectContaining({ channel: 'telegram', externalId: '88', details: expect.objectContaining({ username: 'fangw' }) }),
    ]);
    expect(preview.after).toMatchObject({ identities: 2, tickets: 3, openTickets: 2, messages: 5, ratings: 1 });
    expect(preview.result).toMatchObject({
      name: '王芳',
      phone: '+86 138 0000 1234',
      tags: ['vip', 'telegram'],
      notes: 'Prefers email\n\nAsked on Telegram',
    });
    expect(await t.ctx.db.$count(customers, eq(customers.id, her.tgCustomer))).toBe(1);

    const total = (await messageCount(her.emailCustomer)) + (await messageCount(her.tgCustomer));
    const done = await mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: her.emailCustomer });
    expect(done.after).toEqual(preview.after);
    expect(await messageCount(her.emailCustomer)).toBe(total);
    expect(await messageCount(her.tgCustomer)).toBe(0);
    expect(done.customer).toMatchObject({ tags: ['vip', 'telegram'], notes: 'Prefers email\n\nAsked on Telegram', mergedIntoId: null });

    const survivor = await getCustomer(t.ctx, w.supervisor, her.emailCustomer);
    expect(survivor.identities.map((i) => i.channel).sort()).toEqual(['email', 'telegram']);
    // Two open tickets stay two tickets.
    expect(
      survivor.tickets
        .filter((x) => x.status !== 'resolved')
        .map((x) => x.id)
        .sort(),
    ).toEqual([her.openEmailTicket, her.tgTicket].sort());
    expect(survivor.csat).toMatchObject({ count: 1, average: 4 });

    const gone = await getCustomer(t.ctx, w.agentA, her.tgCustomer);
    expect(gone.mergedInto).toEqual({ id: her.emailCustomer, name: '王芳' });
    expect(gone.tickets).toEqual([]);
    const listed = await listCustomers(t.ctx, w.agentA, { q: 'fangw' });
    expect(listed.customers.map((c) => c.id)).toEqual([her.emailCustomer]);
    expect((await listCustomers(t.ctx, w.agentA)).customers.map((c) => c.id)).not.toContain(her.tgCustomer);

    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'customer.merged'));
    expect(audit).toMatchObject({
      actorId: w.agentA.id,
      targetId: her.emailCustomer,
      data: expect.objectContaining({ from: her.tgCustomer, moved: expect.objectContaining({ tickets: 1, messages: 2 }) }),
    });

    // Her next Telegram message is the survivor's.
    const next = await buildTicket(t.ctx, { channel: 'telegram', threadKey: 'chat-88', sender: { externalId: '88' }, text: '还有问题' });
    expect(next).toMatchObject({ customerId: her.emailCustomer, ticketId: her.tgTicket });
  });

  it('refuses a merge into itself, into or from a merged customer, an unknown customer and an editor; changes nothing', async () => {
    const her = await twoOfHer();
    const other = await buildTicket(t.ctx);
    await expect(mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: her.tgCustomer })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('into'),
    });
    await expect(mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('into'),
    });
    await expect(mergeCustomers(t.ctx, w.agentA, her.tgCustomer, {} as never)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('into'),
    });
    await expect(mergeCustomers(t.ctx, w.editor, her.tgCustomer, { into: her.emailCustomer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(previewMerge(t.ctx, w.editor, her.tgCustomer, her.emailCustomer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await t.ctx.db.$count(auditLog, eq(auditLog.action, 'customer.merged'))).toBe(0);
    expect(await t.ctx.db.$count(tickets, eq(tickets.customerId, her.tgCustomer))).toBe(1);

    await mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: her.emailCustomer });
    await expect(mergeCustomers(t.ctx, w.agentA, her.tgCustomer, { into: other.customerId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(mergeCustomers(t.ctx, w.agentA, other.customerId, { into: her.tgCustomer })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(updateCustomer(t.ctx, w.agentA, her.tgCustomer, { name: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });

    // Merging the survivor on later points the first merged customer at the new survivor.
    await mergeCustomers(t.ctx, w.agentA, her.emailCustomer, { into: other.customerId });
    expect((await getCustomer(t.ctx, w.agentA, her.tgCustomer)).mergedInto?.id).toBe(other.customerId);
    const [first] = await t.ctx.db.select().from(customers).where(eq(customers.id, her.tgCustomer));
    expect(first!.mergedIntoId).toBe(other.customerId);
  });
});
