import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { automationCatalog } from '../services/automation/catalog.ts';
import { createAutomationRule } from '../services/automation/create-rule.ts';
import { deleteAutomationRule } from '../services/automation/delete-rule.ts';
import { listAutomationRules } from '../services/automation/list-rules.ts';
import { reorderAutomationRules, reorderRulesInput } from '../services/automation/reorder-rules.ts';
import { requireAutomationAdmin } from '../services/automation/rule-access.ts';
import { ruleBodySchema, ruleUpdateSchema } from '../services/automation/schema.ts';
import { testAutomationDraft, testAutomationRule, testDraftInput, testRuleInput } from '../services/automation/test-rule.ts';
import { updateAutomationRule } from '../services/automation/update-rule.ts';
import { automationCatalogView, automationRuleView, automationTestView } from './automation-schemas.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['automation'];
const params = z.object({ id: idParam('id') });
const one = json(z.object({ rule: automationRuleView }), 'The rule');
const many = json(z.object({ rules: z.array(automationRuleView) }), 'Rules in evaluation order');
const tested = json(automationTestView, 'Which conditions hold (with the values seen) and what each action would do; nothing was changed');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const route = <R extends Parameters<typeof createRoute>[0]>(r: R) => createRoute({ ...r, tags, security });

const catalog = route({
  method: 'get',
  path: '/catalog',
  summary: 'Events, condition fields with their operators and value kinds, and action types with their parameters (admin)',
  responses: { 200: json(automationCatalogView, 'What a rule can be built from'), ...errors },
});
const list = route({
  method: 'get',
  path: '/rules',
  summary: 'Automation rules in order, with last fired, count and failure state (admin)',
  responses: { 200: many, ...errors },
});
const create = route({
  method: 'post',
  path: '/rules',
  summary: 'Add an event or time rule at the end of the order (admin, audited)',
  request: body(ruleBodySchema),
  responses: { 201: one, ...errors },
});
const update = route({
  method: 'patch',
  path: '/rules/{id}',
  summary: 'Change a rule; `enabled` switches it on or off (switching on clears its failures) (admin, audited)',
  request: { params, ...body(ruleUpdateSchema) },
  responses: { 200: one, ...errors },
});
const reorder = route({
  method: 'put',
  path: '/rules/order',
  summary: 'Set the order of all rules at once (admin, audited)',
  request: body(reorderRulesInput),
  responses: { 200: many, ...errors },
});
const remove = route({
  method: 'delete',
  path: '/rules/{id}',
  summary: 'Delete a rule (admin, audited)',
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const testSaved = route({
  method: 'post',
  path: '/rules/{id}/test',
  summary: 'Test a saved rule on ticket #N: nothing is changed, sent or announced (admin)',
  request: { params, ...body(testRuleInput) },
  responses: { 200: tested, ...errors },
});
const testDraft = route({
  method: 'post',
  path: '/rules/test',
  summary: 'Test an unsaved rule body on ticket #N: nothing is changed, sent or announced (admin)',
  request: body(testDraftInput),
  responses: { 200: tested, ...errors },
});

export const automationRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(catalog, async (c) => {
      requireAutomationAdmin(requireActor(c), 'Reading the automation catalog');
      return c.json(await automationCatalog(ctx.db), 200);
    })
    .openapi(list, async (c) => c.json({ rules: await listAutomationRules(ctx, requireActor(c)) }, 200))
    .openapi(create, async (c) =>
      c.json({ rule: await createAutomationRule(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 201),
    )
    .openapi(reorder, async (c) =>
      c.json({ rules: await reorderAutomationRules(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(testDraft, async (c) => c.json(await testAutomationDraft(ctx, requireActor(c), c.req.valid('json')), 200))
    .openapi(update, async (c) => {
      const rule = await updateAutomationRule(
        ctx,
        requireActor(c),
        c.req.valid('param').id,
        c.req.valid('json'),
        clientInfo(c, ctx.config),
      );
      return c.json({ rule }, 200);
    })
    .openapi(testSaved, async (c) =>
      c.json(await testAutomationRule(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(remove, async (c) => {
      await deleteAutomationRule(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.body(null, 204);
    });
