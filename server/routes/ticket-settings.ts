import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { getTicketSettings, ticketSettingsInput, updateTicketSettings } from '../services/settings/ticket-settings.ts';
import { requireRole } from '../services/actor.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const settings = z
  .object({
    autoCloseDays: z.number().int().openapi({ description: 'Resolved tickets close by themselves after this many days; 0 never' }),
  })
  .openapi('TicketSettings');

const get = createRoute({
  method: 'get',
  path: '/',
  tags: ['settings'],
  summary: 'Ticket lifecycle settings (admin)',
  security,
  responses: { 200: json(settings, 'The settings'), ...errors },
});
const put = createRoute({
  method: 'put',
  path: '/',
  tags: ['settings'],
  summary: 'Change ticket lifecycle settings (admin)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: ticketSettingsInput } } } },
  responses: { 200: json(settings, 'The settings now'), ...errors },
});

export const ticketSettingsRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(get, async (c) => {
      requireRole(requireActor(c), ['admin'], 'Reading ticket settings');
      return c.json(await getTicketSettings(ctx.db), 200);
    })
    .openapi(put, async (c) => c.json(await updateTicketSettings(ctx, requireActor(c), c.req.valid('json')), 200));
