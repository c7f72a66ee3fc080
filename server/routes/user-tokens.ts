import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createApiToken, createApiTokenInput } from '../services/api-tokens/create-api-token.ts';
import { listApiTokens } from '../services/api-tokens/list-api-tokens.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { apiTokenView, conflictResponse, idParam, signedInSecurity } from './user-schemas.ts';

const params = z.object({ id: idParam('id') });

const list = createRoute({
  method: 'get',
  path: '/{id}/tokens',
  tags: ['api tokens'],
  summary: "A user's live API tokens (admins)",
  security: signedInSecurity,
  request: { params },
  responses: { 200: json(z.object({ tokens: z.array(apiTokenView) }), 'Tokens'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/{id}/tokens',
  tags: ['api tokens'],
  summary:
    'Create an API token for a user (admins), e.g. an integration user of one team with the ingest scope: what it feeds in ' +
    'can only join conversations that user may see. The secret `token` is shown only in this response',
  security: signedInSecurity,
  request: { params, body: { required: true, content: { 'application/json': { schema: createApiTokenInput } } } },
  responses: {
    201: json(z.object({ token: z.string(), apiToken: apiTokenView }), 'Created'),
    ...errors,
    ...conflictResponse,
  },
});

/** Admins give integrations their tokens; revoking any token is DELETE /api/me/tokens/{id} (admins may revoke any). */
export const userTokenRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ tokens: await listApiTokens(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(create, async (c) => {
      const { ip } = clientInfo(c, ctx.config);
      const opts = { authKind: c.get('authKind'), origin: { ip }, ownerId: c.req.valid('param').id };
      return c.json(await createApiToken(ctx, requireActor(c), c.req.valid('json'), opts), 201);
    });
