import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { roles } from '../db/schema/index.ts';
import { resetTwoFactor } from '../services/two-factor/disable.ts';
import { getTwoFactorOverview, twoFactorPolicyInput, updateTwoFactorPolicy } from '../services/two-factor/policy.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { idParam, signedInSecurity } from './user-schemas.ts';

const security = signedInSecurity;
const overview = z
  .object({
    requiredRoles: z.array(z.enum(roles)),
    enrolled: z.array(z.object({ userId: z.string(), enabledAt: z.string() })),
  })
  .openapi('TwoFactorSettings');

const getSettings = createRoute({
  method: 'get',
  path: '/',
  tags: ['settings'],
  summary: 'Which roles must use two-factor sign-in, and who has it on (admin)',
  security,
  responses: { 200: json(overview, 'Settings'), ...errors },
});
const putSettings = createRoute({
  method: 'put',
  path: '/',
  tags: ['settings'],
  summary: 'Require two-factor sign-in for roles (admin); their users without it are sent to set it up',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: twoFactorPolicyInput } } } },
  responses: { 200: json(overview, 'Settings now'), ...errors },
});
const resetRoute = createRoute({
  method: 'delete',
  path: '/{id}/two-factor',
  tags: ['users'],
  summary: "Reset a user's two-factor sign-in (lost device; admin): it is off and the user is signed out everywhere",
  security,
  request: { params: z.object({ id: idParam('id') }) },
  responses: { 204: { description: 'Reset' }, ...errors },
});

export const twoFactorSettingsRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(getSettings, async (c) => c.json(await getTwoFactorOverview(ctx, requireActor(c)), 200))
    .openapi(putSettings, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json(await updateTwoFactorPolicy(ctx, requireActor(c), c.req.valid('json'), origin), 200);
    });

export const userTwoFactorRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(resetRoute, async (c) => {
    await resetTwoFactor(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
    return c.body(null, 204);
  });
