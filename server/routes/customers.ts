import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { blockCustomer } from '../services/customers/block-customer.ts';
import { getCustomer } from '../services/customers/get-customer.ts';
import { listCustomers } from '../services/customers/list-customers.ts';
import { mergeCustomers, mergeCustomersInput } from '../services/customers/merge-customers.ts';
import { previewMerge } from '../services/customers/preview-merge.ts';
import { unblockCustomer } from '../services/customers/unblock-customer.ts';
import { updateCustomer, updateCustomerInput } from '../services/customers/update-customer.ts';
import { clientInfo } from './client-info.ts';
import { customerIdentityDetailView, customerListItemView, holdingsView, mergedIntoView, mergePreviewView } from './customer-schemas.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { csatSummaryView, customerView, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

const params = z.object({ id: uuidParam('id') });
const customerBody = json(z.object({ customer: customerView }), 'The customer after the change');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['customers'],
  summary: 'Customers, most recently changed first (merged ones left out); q matches name, email, phone or any channel identity',
  security,
  request: { query: z.object({ q: z.string().optional(), cursor: z.string().optional(), limit: z.string().optional() }) },
  responses: {
    200: json(z.object({ customers: z.array(customerListItemView), nextCursor: z.string().nullable() }), 'A page of customers'),
    ...errors,
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['customers'],
  summary: 'A customer with identities and every ticket you can see; a merged one names where it went (mergedInto)',
  security,
  request: { params },
  responses: {
    200: json(
      z.object({
        customer: customerView,
        mergedInto: mergedIntoView,
        identities: z.array(customerIdentityDetailView),
        tickets: z.array(ticketView),
        csat: csatSummaryView,
      }),
      'The customer',
    ),
    ...errors,
  },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['customers'],
  summary: 'Edit name, email, phone, locale, tier, tags or notes (null clears a field)',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: updateCustomerInput } } } },
  responses: { 200: customerBody, ...errors, ...tooLarge },
});

const preview = createRoute({
  method: 'get',
  path: '/{id}/merge-preview',
  tags: ['customers'],
  summary: 'What merging this customer into another would move (identities, tickets, messages, ratings) and the result',
  security,
  request: { params, query: z.object({ into: z.string().openapi({ description: 'The customer that stays' }) }) },
  responses: { 200: json(mergePreviewView, 'The preview; nothing is changed'), ...errors },
});

const merge = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags: ['customers'],
  summary: 'Merge this customer into another (one transaction, audited); tickets stay separate tickets',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: mergeCustomersInput } } } },
  responses: {
    200: json(z.object({ customer: customerView, merged: customerView, after: holdingsView }), 'The surviving customer and the merged one'),
    ...errors,
    ...tooLarge,
  },
});

const block = createRoute({
  method: 'post',
  path: '/{id}/block',
  tags: ['customers'],
  summary: 'Block: their messages are kept on spam tickets, not routed, answered or notified (audited)',
  security,
  request: { params },
  responses: { 200: customerBody, ...errors },
});

const unblock = createRoute({
  method: 'post',
  path: '/{id}/unblock',
  tags: ['customers'],
  summary: 'Unblock: their tickets leave Spam and the open ones are routed (audited)',
  security,
  request: { params },
  responses: { 200: customerBody, ...errors },
});

export const customerRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listCustomers(ctx, requireActor(c), c.req.valid('query')), 200))
    .openapi(get, async (c) => c.json(await getCustomer(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(patch, async (c) => {
      const customer = await updateCustomer(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ customer }, 200);
    })
    .openapi(preview, async (c) =>
      c.json(await previewMerge(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('query').into), 200),
    )
    .openapi(merge, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json(await mergeCustomers(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), origin), 200);
    })
    .openapi(block, async (c) => {
      const customer = await blockCustomer(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.json({ customer }, 200);
    })
    .openapi(unblock, async (c) => {
      const customer = await unblockCustomer(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.json({ customer }, 200);
    });
