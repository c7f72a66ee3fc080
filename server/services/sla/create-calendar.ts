import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { businessCalendars } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { createCalendarInput, type CreateCalendarInput } from './calendar-input.ts';
import { presentCalendar, type CalendarView } from './present.ts';

export async function createCalendar(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreateCalendarInput,
  origin: RequestOrigin = {},
): Promise<CalendarView> {
  requireRole(actor, MANAGER_ROLES, 'Creating business calendars');
  const input = parseInput(createCalendarInput, raw, 'calendar');
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const [row] = await tx
        .insert(businessCalendars)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(
        tx,
        actor,
        { action: 'calendar.created', targetType: 'business_calendar', targetId: row!.id, data: { name: input.name } },
        origin,
      );
      return presentCalendar(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`A calendar named "${input.name}" already exists`, [{ path: 'name', message: 'already taken' }]);
    throw err;
  }
}
