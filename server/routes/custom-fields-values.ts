import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServiceContext } from '../context.ts';
import { updateCustomerFields } from '../services/custom-fields/update-customer-fields.ts';
import { updateTicketFields } from '../services/custom-fields/update-ticket-fields.ts';
import type { AppEnv } from './env.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflict, customerView, security, ticketView, uuidParam } from './ticket-schemas.ts';

export const fieldValuesBody = z.record(z.string(), z.unknown()).openapi('CustomFieldValues', {
  description:
    'Field key → value. text/long_text/url: string; number: integer; decimal: number; date: "YYYY-MM-DD"; checkbox: boolean; ' +
    'select: an option value; multi_select: a list of option values. null (or "" / []) clears. Unknown keys and bad values are refused (400).',
});
const fieldChange = z.object({ key: z.string(), from: z.unknown(), to: z.unknown() }).openapi('CustomFieldChange');

const params = z.object({ id: uuidParam('id') });
const body = { body: { required: true, content: { 'application/json': { schema: fieldValuesBody } } } };

const ticketFields = createRoute({
  method: 'patch',
  path: '/tickets/{id}/fields',
  tags: ['tickets', 'custom-fields'],
  summary:
    'Set ticket fields (only the keys sent). Read-only fields: admins and API tokens only. Recorded as ticket history (ticket.field_changed)',
  security,
  request: { params, ...body },
  responses: {
    200: json(z.object({ ticket: ticketView, changes: z.array(fieldChange) }), 'The ticket and what changed'),
    ...errors,
    ...conflict,
  },
});
const customerFields = createRoute({
  method: 'patch',
  path: '/customers/{id}/fields',
  tags: ['customers', 'custom-fields'],
  summary: 'Set customer fields (only the keys sent). Read-only fields: admins and API tokens only. Audited',
  security,
  request: { params, ...body },
  responses: {
    200: json(z.object({ customer: customerView, changes: z.array(fieldChange) }), 'The customer and what changed'),
    ...errors,
    ...conflict,
  },
});

/** An integration calling with an API token is "the API": it may set fields agents cannot edit. */
const trusted = (c: Context<AppEnv>) => ({ trusted: c.get('authKind') === 'token' });

/** Mounted at /api: the value writes of tickets and customers. */
export const customFieldValueRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(ticketFields, async (c) =>
      c.json(await updateTicketFields(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), trusted(c)), 200),
    )
    .openapi(customerFields, async (c) =>
      c.json(await updateCustomerFields(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), trusted(c)), 200),
    );
