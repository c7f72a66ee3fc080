import { createRoute, z } from '@hono/zod-openapi';
import { retryFailedMail } from '../../channels/email/retry-failed-mail.ts';
import type { ServiceContext } from '../context.ts';
import { failedMailStatuses } from '../db/schema/index.ts';
import { listFailedMail, listSuppressions } from '../services/inboxes/failed-mail/list-failed-mail.ts';
import { liftSuppression } from '../services/inboxes/failed-mail/lift-suppression.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { idParam, signedInSecurity } from './user-schemas.ts';

const failedMailView = z
  .object({
    id: z.string(),
    inboxId: z.string().nullable(),
    mailbox: z.string(),
    uid: z.number().nullable(),
    messageId: z.string().nullable(),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    reason: z.string(),
    size: z.number(),
    status: z.enum(failedMailStatuses),
    attempts: z.number(),
    ticketId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('FailedMail');
const suppressionView = z
  .object({ address: z.string(), reason: z.string(), until: z.string(), createdAt: z.string() })
  .openapi('EmailSuppression');

const listFailed = createRoute({
  method: 'get',
  path: '/failed',
  tags: ['email'],
  summary: 'Mail that could not be processed, kept raw, with the reason (admin)',
  security: signedInSecurity,
  request: { query: z.strictObject({ status: z.enum(failedMailStatuses).optional(), inboxId: z.uuid().optional() }) },
  responses: { 200: json(z.object({ mail: z.array(failedMailView) }), 'Kept mail, newest first'), ...errors },
});
const retry = createRoute({
  method: 'post',
  path: '/failed/{id}/retry',
  tags: ['email'],
  summary: 'Run a kept mail through the inbound path again (admin)',
  security: signedInSecurity,
  request: { params: z.object({ id: idParam('id') }) },
  responses: {
    200: json(z.object({ mail: failedMailView, outcome: z.record(z.string(), z.unknown()) }), 'The row after the retry'),
    ...errors,
  },
});
const suppressions = createRoute({
  method: 'get',
  path: '/suppressions',
  tags: ['email'],
  summary: 'Addresses that bounced permanently and get no automatic mail for now (admin, supervisor)',
  security: signedInSecurity,
  responses: { 200: json(z.object({ suppressions: z.array(suppressionView) }), 'Current bounce pauses'), ...errors },
});
const lift = createRoute({
  method: 'delete',
  path: '/suppressions/{address}',
  tags: ['email'],
  summary: 'End a bounce pause early (admin)',
  security: signedInSecurity,
  request: {
    params: z.object({
      address: z
        .string()
        .min(3)
        .max(320)
        .openapi({ param: { name: 'address', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Lifted' }, ...errors },
});

/** /api/email: the admins' view of what the email channel could not handle on its own. */
export const emailAdminRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(listFailed, async (c) => c.json({ mail: await listFailedMail(ctx, requireActor(c), c.req.valid('query')) }, 200))
    .openapi(retry, async (c) => {
      const result = await retryFailedMail(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.json(result, 200);
    })
    .openapi(suppressions, async (c) => c.json({ suppressions: await listSuppressions(ctx, requireActor(c)) }, 200))
    .openapi(lift, async (c) => {
      await liftSuppression(ctx, requireActor(c), c.req.valid('param').address, { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
