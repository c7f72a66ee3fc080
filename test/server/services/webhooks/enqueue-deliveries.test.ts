import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookSubscriptions } from '../../../../server/db/schema/index.ts';
import { enqueueWebhookCall } from '../../../../server/services/webhooks/enqueue-call.ts';
import { tag } from '../../../../server/services/tickets/tag.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

const { t } = contextWorld();

async function subscribe(events: string[], enabled = true) {
  const [row] = await t.ctx.db
    .insert(webhookSubscriptions)
    .values({ name: 'CRM', url: 'http://127.0.0.1:9/hook', events, secret: t.ctx.secrets.seal('s'), enabled })
    .returning();
  return row!;
}

const deliveriesOf = (subscriptionId: string) =>
  t.ctx.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(webhookDeliveries.createdAt);

describe('enqueueWebhookDeliveries', () => {
  it('writes one delivery per listening subscription with a versioned snapshot of the ticket, the message and the actor', async () => {
    const crm = await subscribe(['ticket.created', 'message.customer']);
    const other = await subscribe(['ticket.assigned']);
    const off = await subscribe(['ticket.created'], false);
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Refund "now" </script>', text: 'Hi <b>there</b>\n"quoted"' });

    const rows = await deliveriesOf(crm.id);
    expect(rows.map((r) => r.event).sort()).toEqual(['message.customer', 'ticket.created']);
    expect(await deliveriesOf(other.id)).toEqual([]);
    expect(await deliveriesOf(off.id)).toEqual([]);

    const msg = rows.find((r) => r.event === 'message.customer')!;
    const p = msg.payload as Record<string, any>;
    expect(p.version).toBe(1);
    expect(p.event).toBe('message.customer');
    expect(p.id).toBe(msg.eventId);
    expect(p.ticket.id).toBe(ticketId);
    expect(p.ticket.subject).toBe('Refund "now" </script>');
    expect(p.ticket.customer.name).toMatch(/^Customer /);
    expect(p.message.text).toBe('Hi <b>there</b>\n"quoted"');
    expect(p.message.direction).toBe('in');
    expect(p.actor).toMatchObject({ type: 'customer', name: p.ticket.customer.name });
    expect(new Date(p.occurredAt).getTime()).toBeGreaterThan(0);
    const created = rows.find((r) => r.event === 'ticket.created')!.payload as Record<string, any>;
    expect(created.message).toBeNull();
    expect(created.changes).toMatchObject({ kind: 'created', to: 'new' });
  });

  it('writes both tag events of one history row, each once, named by the actor who tagged', async () => {
    const crm = await subscribe(['ticket.tag_added', 'ticket.tag_removed']);
    const lina = await buildActor(t.ctx, ['agent']);
    const { ticketId } = await buildTicket(t.ctx);
    await tag(t.ctx, lina, ticketId, { add: ['vip'] });
    const rows = await deliveriesOf(crm.id);
    expect(rows.map((r) => r.event)).toEqual(['ticket.tag_added']);
    expect(rows[0]!.payload).toMatchObject({
      actor: { type: 'user', id: lina.id, name: lina.name },
      changes: { details: { added: ['vip'] } },
    });
  });
});

describe('enqueueWebhookCall', () => {
  it('queues one delivery per event id to an enabled subscription and none to a switched-off one', async () => {
    const crm = await subscribe([]);
    const off = await subscribe([], false);
    const now = t.ctx.now();
    const call = { subscriptionId: crm.id, event: 'rule.webhook', eventId: 'rule-1:42', payload: { rule: 'VIP', id: 'ignored' }, now };
    expect(await t.ctx.db.transaction((tx) => enqueueWebhookCall(tx, call))).toBe(true);
    expect(await t.ctx.db.transaction((tx) => enqueueWebhookCall(tx, call))).toBe(false);
    expect(await t.ctx.db.transaction((tx) => enqueueWebhookCall(tx, { ...call, subscriptionId: off.id }))).toBe(false);
    const [row] = await deliveriesOf(crm.id);
    expect(row!.payload).toEqual({ rule: 'VIP', version: 1, id: 'rule-1:42', event: 'rule.webhook', occurredAt: now.toISOString() });
  });
});
