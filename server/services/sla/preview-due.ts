import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { addBusinessTime } from './business-time.ts';
import { toBusinessHours } from './calendar-input.ts';
import { getCalendar } from './list-calendars.ts';

export const previewDueInput = z.strictObject({
  from: z.coerce.date(),
  minutes: z.coerce.number().int().min(0).max(525_600),
});

/** When a target of `minutes` starting at `from` falls due in this calendar: lets an admin check the hours they set. */
export async function previewDue(ctx: ServiceContext, actor: Actor, calendarId: string, raw: unknown) {
  const input = parseInput(previewDueInput, raw, 'query');
  const calendar = await getCalendar(ctx, actor, calendarId);
  const dueAt = addBusinessTime(toBusinessHours(calendar), input.from, input.minutes * 60_000);
  return { from: input.from.toISOString(), minutes: input.minutes, dueAt: dueAt.toISOString() };
}
