import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { businessCalendars } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { updateCalendarInput } from './calendar-input.ts';
import { presentCalendar, type CalendarView } from './present.ts';
import { resyncTickets, ticketsOnCalendar } from './resync.ts';

/** Changes opening hours or holidays; due times of live tickets counting in this calendar move with them. */
export async function updateCalendar(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: unknown,
  origin: RequestOrigin = {},
): Promise<CalendarView> {
  requireRole(actor, MANAGER_ROLES, 'Changing business calendars');
  if (!isUuid(id)) throw notFound('Calendar');
  const input = parseInput(updateCalendarInput, raw, 'calendar');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send name, timeZone, weeklyHours or holidays');
  let view: CalendarView;
  try {
    view = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(businessCalendars)
        .set({ ...input, updatedAt: ctx.now() })
        .where(eq(businessCalendars.id, id))
        .returning();
      if (!row) throw notFound('Calendar');
      await recordAudit(
        tx,
        actor,
        { action: 'calendar.updated', targetType: 'business_calendar', targetId: id, data: { fields: Object.keys(input) } },
        origin,
      );
      return presentCalendar(row);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`A calendar named "${input.name}" already exists`, [{ path: 'name', message: 'already taken' }]);
    throw err;
  }
  await resyncTickets(ctx, ticketsOnCalendar(id));
  return view;
}
