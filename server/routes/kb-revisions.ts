import { createRoute, z } from '@hono/zod-openapi';
import { diffRevisions } from '../../knowledge-base/revisions/diff-revisions.ts';
import { getRevision, listRevisions } from '../../knowledge-base/revisions/list-revisions.ts';
import { restoreRevision } from '../../knowledge-base/revisions/restore-revision.ts';
import type { ServiceContext } from '../context.ts';
import { requireActor } from './middleware/require-actor.ts';
import { articleView, kbIdParam, security } from './kb-schemas.ts';
import { createRouter, errors, json } from './router.ts';

const tags = ['knowledge base'];
const revisionNumber = z.coerce
  .number()
  .int()
  .positive()
  .openapi({ param: { name: 'number', in: 'path' }, example: 1 });
const revisionView = z
  .object({
    id: z.string(),
    articleId: z.string(),
    number: z.number(),
    authorId: z.string().nullable(),
    authorName: z.string(),
    note: z.string(),
    createdAt: z.string(),
    content: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Revision');
const diffView = z
  .object({
    articleId: z.string(),
    from: z.number(),
    to: z.number(),
    changes: z.array(
      z.object({ field: z.string(), parts: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })) }),
    ),
  })
  .openapi('RevisionDiff');

const list = createRoute({
  method: 'get',
  path: '/articles/{id}/revisions',
  tags,
  security,
  summary: 'Revision history, newest first (editor)',
  request: { params: z.object({ id: kbIdParam('id') }) },
  responses: { 200: json(z.object({ revisions: z.array(revisionView) }), 'Revisions'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/articles/{id}/revisions/{number}',
  tags,
  security,
  summary: 'One revision with its content (editor)',
  request: { params: z.object({ id: kbIdParam('id'), number: revisionNumber }) },
  responses: { 200: json(revisionView, 'Revision'), ...errors },
});
const diff = createRoute({
  method: 'get',
  path: '/articles/{id}/diff',
  tags,
  security,
  summary: 'What changed between two revisions, field by field (editor)',
  request: {
    params: z.object({ id: kbIdParam('id') }),
    query: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }),
  },
  responses: { 200: json(diffView, 'Diff'), ...errors },
});
const restore = createRoute({
  method: 'post',
  path: '/articles/{id}/revisions/{number}/restore',
  tags,
  security,
  summary: 'Bring an old revision back as the newest one (editor)',
  request: { params: z.object({ id: kbIdParam('id'), number: revisionNumber }) },
  responses: { 200: json(articleView, 'Restored'), ...errors },
});

export const kbRevisionRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ revisions: await listRevisions(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(get, async (c) => {
      const { id, number } = c.req.valid('param');
      return c.json(await getRevision(ctx, requireActor(c), id, number), 200);
    })
    .openapi(diff, async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await diffRevisions(ctx, requireActor(c), c.req.valid('param').id, from, to), 200);
    })
    .openapi(restore, async (c) => {
      const { id, number } = c.req.valid('param');
      return c.json(await restoreRevision(ctx, requireActor(c), id, number), 200);
    });
