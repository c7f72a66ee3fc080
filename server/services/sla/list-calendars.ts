import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { businessCalendars } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';
import { presentCalendar, type CalendarView } from './present.ts';

export async function listCalendars(ctx: ServiceContext, actor: Actor): Promise<CalendarView[]> {
  requireRole(actor, AGENT_ROLES, 'Viewing business calendars');
  const rows = await ctx.db.select().from(businessCalendars).orderBy(asc(businessCalendars.name));
  return rows.map(presentCalendar);
}

export async function getCalendar(ctx: ServiceContext, actor: Actor, id: string): Promise<CalendarView> {
  requireRole(actor, AGENT_ROLES, 'Viewing business calendars');
  if (!isUuid(id)) throw notFound('Calendar');
  const [row] = await ctx.db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
  if (!row) throw notFound('Calendar');
  return presentCalendar(row);
}
