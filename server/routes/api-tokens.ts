import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createApiToken, createApiTokenInput } from '../services/api-tokens/create-api-token.ts';
import { listApiTokens } from '../services/api-tokens/list-api-tokens.ts';
import { revokeApiToken } from '../services/api-tokens/revoke-api-token.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { apiTokenView, conflictResponse, idParam, signedInSecurity } from './user-schemas.ts';

const security = signedInSecurity;

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['api tokens'],
  summary: 'Your live API tokens (prefix, name, last use; never the secret)',
  security,
  responses: { 200: json(z.object({ tokens: z.array(apiTokenView) }), 'Tokens'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['api tokens'],
  summary: 'Create a personal API token; the secret `token` is shown only in this response',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createApiTokenInput } } } },
  responses: {
    201: json(z.object({ token: z.string(), apiToken: apiTokenView }).openapi('NewApiToken'), 'Created'),
    ...errors,
    ...conflictResponse,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['api tokens'],
  summary: 'Revoke one of your tokens; it stops working at once',
  security,
  request: { params: z.object({ id: idParam('id') }) },
  responses: { 204: { description: 'Revoked' }, ...errors },
});

export const apiTokenRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ tokens: await listApiTokens(ctx, requireActor(c)) }, 200))
    .openapi(create, async (c) => {
      const { ip } = clientInfo(c, ctx.config);
      const created = await createApiToken(ctx, requireActor(c), c.req.valid('json'), { authKind: c.get('authKind'), origin: { ip } });
      return c.json(created, 201);
    })
    .openapi(revoke, async (c) => {
      const { ip } = clientInfo(c, ctx.config);
      await revokeApiToken(ctx, requireActor(c), c.req.valid('param').id, { ip });
      return c.body(null, 204);
    });
