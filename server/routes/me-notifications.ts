import { createRoute } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { emailPreferencesInput, getEmailPreferences, setEmailPreferences } from '../services/notifications/email-preferences.ts';
import { requireActor } from './middleware/require-actor.ts';
import { emailPreferencesView } from './notification-schemas.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const get = createRoute({
  method: 'get',
  path: '/',
  tags: ['auth'],
  summary: 'Which kinds of notification also come to you by email',
  security,
  responses: { 200: json(emailPreferencesView, 'true: also by email'), ...errors },
});

const patch = createRoute({
  method: 'patch',
  path: '/',
  tags: ['auth'],
  summary: 'Choose which kinds of notification also come by email (kinds left out keep their choice)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: emailPreferencesInput } } } },
  responses: { 200: json(emailPreferencesView, 'The choices now'), ...errors },
});

export const meNotificationRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(get, async (c) => c.json(await getEmailPreferences(ctx, requireActor(c)), 200))
    .openapi(patch, async (c) => c.json(await setEmailPreferences(ctx, requireActor(c), c.req.valid('json')), 200));
