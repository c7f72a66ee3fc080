import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { disableInput, disableTwoFactor } from '../services/two-factor/disable.ts';
import { codeInput, enableTwoFactor, startTwoFactorSetup } from '../services/two-factor/setup.ts';
import { getTwoFactorStatus } from '../services/two-factor/status.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflictResponse, rateLimitedResponse } from './user-schemas.ts';

const security = [{ session: [] }];
const status = z
  .object({
    enabled: z.boolean(),
    recoveryCodesLeft: z.number().int(),
    required: z.boolean().openapi({ description: "The user's role requires two-factor sign-in" }),
  })
  .openapi('TwoFactorStatus');
const setup = z
  .object({
    secret: z.string().openapi({ description: 'Base32 secret to type into an authenticator app' }),
    uri: z.string().openapi({ description: 'otpauth:// address the QR code carries' }),
    qrCode: z.string().openapi({ description: 'The QR code as an SVG data URL' }),
  })
  .openapi('TwoFactorSetup');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const getStatus = createRoute({
  method: 'get',
  path: '/',
  tags: ['auth'],
  summary: 'Whether your two-factor sign-in is on',
  security,
  responses: { 200: json(status, 'Status'), ...errors },
});
const postSetup = createRoute({
  method: 'post',
  path: '/setup',
  tags: ['auth'],
  summary: 'Start two-factor setup: a new secret, as text and as a QR code; not asked at sign-in until enabled',
  security,
  responses: { 200: json(setup, 'The secret to add to an authenticator app'), ...errors, ...conflictResponse },
});
const postEnable = createRoute({
  method: 'post',
  path: '/enable',
  tags: ['auth'],
  summary: 'Turn two-factor on with a code of the app; answers the ten recovery codes, shown only this once',
  security,
  request: body(codeInput),
  responses: {
    200: json(z.object({ recoveryCodes: z.array(z.string()) }).openapi('TwoFactorRecoveryCodes'), 'Two-factor is on'),
    ...errors,
    ...conflictResponse,
    ...rateLimitedResponse,
  },
});
const postDisable = createRoute({
  method: 'post',
  path: '/disable',
  tags: ['auth'],
  summary: 'Turn two-factor off with your password or a current code (or a recovery code)',
  security,
  request: body(disableInput),
  responses: { 204: { description: 'Two-factor is off' }, ...errors, ...rateLimitedResponse },
});

export const twoFactorRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(getStatus, async (c) => c.json(await getTwoFactorStatus(ctx, requireActor(c)), 200))
    .openapi(postSetup, async (c) => c.json(await startTwoFactorSetup(ctx, requireActor(c)), 200))
    .openapi(postEnable, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json(await enableTwoFactor(ctx, requireActor(c), c.req.valid('json'), origin), 200);
    })
    .openapi(postDisable, async (c) => {
      await disableTwoFactor(ctx, requireActor(c), c.req.valid('json'), { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
