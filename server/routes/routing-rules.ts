import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createRule } from '../services/routing/create-rule.ts';
import { deleteRule } from '../services/routing/delete-rule.ts';
import { listRules } from '../services/routing/list-rules.ts';
import { reorderRules } from '../services/routing/reorder-rules.ts';
import { createRuleInput, reorderRulesInput, updateRuleInput } from '../services/routing/rule-input.ts';
import { updateRule } from '../services/routing/update-rule.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { ruleView } from './routing-schemas.ts';
import { idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['routing'];
const params = z.object({ id: idParam('id') });
const one = json(z.object({ rule: ruleView }), 'The rule');
const many = json(z.object({ rules: z.array(ruleView) }), 'Rules in the order they are tried');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Routing rules in order (admin or supervisor)',
  security,
  responses: { 200: many, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Add a rule; the first enabled rule whose conditions all hold decides team, priority, tags and skills',
  security,
  request: body(createRuleInput),
  responses: { 201: one, ...errors },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a rule',
  security,
  request: { params, ...body(updateRuleInput) },
  responses: { 200: one, ...errors },
});
const reorder = createRoute({
  method: 'put',
  path: '/order',
  tags,
  summary: 'Set the order of all rules at once',
  security,
  request: body(reorderRulesInput),
  responses: { 200: many, ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a rule',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

export const routingRuleRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ rules: await listRules(ctx, requireActor(c)) }, 200))
    .openapi(create, async (c) =>
      c.json({ rule: await createRule(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 201),
    )
    .openapi(reorder, async (c) =>
      c.json({ rules: await reorderRules(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(update, async (c) => {
      const rule = await updateRule(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json({ rule }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteRule(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.body(null, 204);
    });
