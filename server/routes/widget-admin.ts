import { createRoute, z } from '@hono/zod-openapi';
import { rotateIdentitySecret } from '../../channels/widget/rotate-identity-secret.ts';
import type { ServiceContext } from '../context.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { idParam, signedInSecurity } from './user-schemas.ts';

const rotate = createRoute({
  method: 'post',
  path: '/{id}/identity-secret',
  tags: ['inboxes'],
  summary: 'New identity-verification secret for a chat widget inbox (admin); shown only in this answer, the old one stops working',
  security: signedInSecurity,
  request: { params: z.object({ id: idParam('id') }) },
  responses: {
    200: json(z.object({ identitySecret: z.string() }), "The new secret (hex); store it on the host site's back end"),
    ...errors,
  },
});

export const widgetAdminRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(rotate, async (c) => {
    const result = await rotateIdentitySecret(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
    c.header('Cache-Control', 'no-store');
    return c.json(result, 200);
  });
