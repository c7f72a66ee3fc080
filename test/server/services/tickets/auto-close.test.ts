import { desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ticketEvents } from '../../../../server/db/schema/index.ts';
import { getTicketSettings, updateTicketSettings } from '../../../../server/services/settings/ticket-settings.ts';
import { autoCloseResolved } from '../../../../server/services/tickets/auto-close.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const DAY = 86_400_000;
const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

async function resolvedTicket() {
  const inbound = buildInbound();
  const { ticketId } = await ingest(t.ctx, inbound);
  await resolve(t.ctx, w.supervisor, ticketId);
  return { ticketId, inbound };
}

describe('auto-close', () => {
  it('closes a resolved ticket 4 days after it was resolved by default (as Zendesk does), as the system', async () => {
    expect(await getTicketSettings(t.ctx.db)).toEqual({ autoCloseDays: 4 });
    const { ticketId } = await resolvedTicket();
    t.clock.advance(4 * DAY - 60_000);
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 0, failed: 0 });
    t.clock.advance(60_000);
    t.published.length = 0;
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 1, failed: 0 });
    const row = await ticketRow(t.ctx, ticketId);
    expect(row.status).toBe('closed');
    expect(Math.abs(row.closedAt!.getTime() - t.ctx.now().getTime())).toBeLessThan(5_000);
    const [last] = await t.ctx.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(desc(ticketEvents.id))
      .limit(1);
    expect(last).toMatchObject({ kind: 'status_changed', fromValue: 'resolved', toValue: 'closed', actorType: 'system' });
    expect(last!.data).toMatchObject({ action: 'auto_close', afterDays: 4, system: 'auto-close' });
    expect(t.published.find((e) => e.name === 'ticket.updated')).toBeTruthy();
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 0, failed: 0 });
  });

  it('follows the setting, and 0 never closes', async () => {
    await updateTicketSettings(t.ctx, w.admin, { autoCloseDays: 1 });
    const a = await resolvedTicket();
    t.clock.advance(DAY);
    await updateTicketSettings(t.ctx, w.admin, { autoCloseDays: 0 });
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 0, failed: 0 });
    await updateTicketSettings(t.ctx, w.admin, { autoCloseDays: 1 });
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 1, failed: 0 });
    expect((await ticketRow(t.ctx, a.ticketId)).status).toBe('closed');
  });

  it('leaves a ticket the customer reopened, and open tickets, alone', async () => {
    const { ticketId, inbound } = await resolvedTicket();
    const { ticketId: openId } = await ingest(t.ctx, buildInbound());
    await ingest(t.ctx, buildInbound({ threadKey: inbound.threadKey, sender: inbound.sender, text: 'Still broken' }));
    t.clock.advance(10 * DAY);
    expect(await autoCloseResolved(t.ctx)).toEqual({ closed: 0, failed: 0 });
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('open');
    expect((await ticketRow(t.ctx, openId)).status).toBe('new');
  });

  it('lets only admins change the setting, and refuses a bad number naming the field', async () => {
    await expect(updateTicketSettings(t.ctx, w.supervisor, { autoCloseDays: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(updateTicketSettings(t.ctx, w.admin, { autoCloseDays: -1 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: /autoCloseDays/,
    });
    await expect(updateTicketSettings(t.ctx, w.admin, { autoCloseDays: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await getTicketSettings(t.ctx.db)).toEqual({ autoCloseDays: 4 });
  });
});
