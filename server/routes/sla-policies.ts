import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createPolicy } from '../services/sla/create-policy.ts';
import { deletePolicy } from '../services/sla/delete-policy.ts';
import { getPolicy, listPolicies } from '../services/sla/list-policies.ts';
import { createPolicyInput, updatePolicyInput } from '../services/sla/policy-input.ts';
import { updatePolicy } from '../services/sla/update-policy.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { policyView } from './routing-schemas.ts';
import { conflictResponse, idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['sla'];
const params = z.object({ id: idParam('id') });
const one = json(z.object({ policy: policyView }), 'The policy');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'SLA policies: the default (no team) first, then teams’ own',
  security,
  responses: { 200: json(z.object({ policies: z.array(policyView) }), 'Policies'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One SLA policy',
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a policy (admin or supervisor): targets in business minutes per priority, warning share, breach action',
  security,
  request: body(createPolicyInput),
  responses: { 201: one, ...errors, ...conflictResponse },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a policy; due times of the live tickets it covers are recomputed',
  security,
  request: { params, ...body(updatePolicyInput) },
  responses: { 200: one, ...errors, ...conflictResponse },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a policy',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

export const slaPolicyRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ policies: await listPolicies(ctx, requireActor(c)) }, 200))
    .openapi(get, async (c) => c.json({ policy: await getPolicy(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(create, async (c) =>
      c.json({ policy: await createPolicy(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 201),
    )
    .openapi(update, async (c) => {
      const policy = await updatePolicy(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json({ policy }, 200);
    })
    .openapi(remove, async (c) => {
      await deletePolicy(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.body(null, 204);
    });
