import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { getCustomer } from '../services/customers/get-customer.ts';
import { listCustomers } from '../services/customers/list-customers.ts';
import { updateCustomer, updateCustomerInput } from '../services/customers/update-customer.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { csatSummaryView, customerView, identityView, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

const params = z.object({ id: uuidParam('id') });

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['customers'],
  summary: 'Customers, most recently changed first; q matches name, email, phone or a channel identity',
  security,
  request: { query: z.object({ q: z.string().optional(), cursor: z.string().optional(), limit: z.string().optional() }) },
  responses: {
    200: json(z.object({ customers: z.array(customerView), nextCursor: z.string().nullable() }), 'A page of customers'),
    ...errors,
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['customers'],
  summary: 'A customer with identities and the tickets you can see',
  security,
  request: { params },
  responses: {
    200: json(
      z.object({ customer: customerView, identities: z.array(identityView), tickets: z.array(ticketView), csat: csatSummaryView }),
      'The customer',
    ),
    ...errors,
  },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['customers'],
  summary: 'Edit name, email, phone, tier, tags or notes (null clears a field)',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: updateCustomerInput } } } },
  responses: { 200: json(z.object({ customer: customerView }), 'The customer after the change'), ...errors, ...tooLarge },
});

export const customerRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listCustomers(ctx, requireActor(c), c.req.valid('query')), 200))
    .openapi(get, async (c) => c.json(await getCustomer(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(patch, async (c) => {
      const customer = await updateCustomer(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ customer }, 200);
    });
