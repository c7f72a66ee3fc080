import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { businessCalendars, slaPolicies } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';

/** Refused while a policy counts in the calendar: deleting it would silently turn those clocks 24/7. */
export async function deleteCalendar(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, MANAGER_ROLES, 'Deleting business calendars');
  if (!isUuid(id)) throw notFound('Calendar');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(businessCalendars).where(eq(businessCalendars.id, id)).for('update');
    if (!row) throw notFound('Calendar');
    const users = await tx.select({ name: slaPolicies.name }).from(slaPolicies).where(eq(slaPolicies.calendarId, id));
    if (users.length) {
      throw conflict(`Calendar "${row.name}" is used by SLA policies: ${users.map((u) => u.name).join(', ')}`, {
        policies: users.map((u) => u.name),
      });
    }
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'calendar.deleted', targetType: 'business_calendar', targetId: id, data: { name: row.name } },
      origin,
    );
  });
}
