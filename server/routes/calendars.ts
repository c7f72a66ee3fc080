import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createCalendarInput, updateCalendarInput } from '../services/sla/calendar-input.ts';
import { createCalendar } from '../services/sla/create-calendar.ts';
import { deleteCalendar } from '../services/sla/delete-calendar.ts';
import { getCalendar, listCalendars } from '../services/sla/list-calendars.ts';
import { previewDue, previewDueInput } from '../services/sla/preview-due.ts';
import { updateCalendar } from '../services/sla/update-calendar.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { calendarView } from './routing-schemas.ts';
import { conflictResponse, idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['sla'];
const params = z.object({ id: idParam('id') });
const one = json(z.object({ calendar: calendarView }), 'The calendar');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Business-hours calendars',
  security,
  responses: { 200: json(z.object({ calendars: z.array(calendarView) }), 'Calendars'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One calendar',
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a calendar (admin or supervisor): IANA time zone, weekly shifts per day (split shifts allowed), holidays',
  security,
  request: body(createCalendarInput),
  responses: { 201: one, ...errors, ...conflictResponse },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a calendar (each field sent replaces the old one); due times counted in it are recomputed',
  security,
  request: { params, ...body(updateCalendarInput) },
  responses: { 200: one, ...errors, ...conflictResponse },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a calendar no policy uses',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors, ...conflictResponse },
});
const preview = createRoute({
  method: 'get',
  path: '/{id}/due',
  tags,
  summary: 'When a target of `minutes` business minutes starting at `from` falls due in this calendar',
  security,
  request: { params, query: previewDueInput },
  responses: { 200: json(z.object({ from: z.string(), minutes: z.number(), dueAt: z.string() }), 'Due time'), ...errors },
});

export const calendarRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ calendars: await listCalendars(ctx, requireActor(c)) }, 200))
    .openapi(get, async (c) => c.json({ calendar: await getCalendar(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(preview, async (c) => c.json(await previewDue(ctx, requireActor(c), c.req.valid('param').id, c.req.query()), 200))
    .openapi(create, async (c) =>
      c.json({ calendar: await createCalendar(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 201),
    )
    .openapi(update, async (c) => {
      const calendar = await updateCalendar(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json({ calendar }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteCalendar(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.body(null, 204);
    });
