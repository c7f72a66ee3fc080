import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { ServiceContext } from '../context.ts';
import { addNote, addNoteInput } from '../services/tickets/add-note.ts';
import { assign, assignInput } from '../services/tickets/assign.ts';
import { close, closeInput } from '../services/tickets/close.ts';
import { escalate, escalateInput } from '../services/tickets/escalate.ts';
import { hold, holdInput } from '../services/tickets/hold.ts';
import { reopen, reopenInput } from '../services/tickets/reopen.ts';
import { reply, replyInput } from '../services/tickets/reply.ts';
import { resolve, resolveInput } from '../services/tickets/resolve.ts';
import { setPriority, setPriorityInput } from '../services/tickets/set-priority.ts';
import { tag, tagInput } from '../services/tickets/tag.ts';
import { transfer, transferInput } from '../services/tickets/transfer.ts';
import { requireActor } from './middleware/require-actor.ts';
import { nullableRef } from './nullable-ref.ts';
import { createRouter, errors, json } from './router.ts';
import { conflict, messageView, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

const params = z.object({ id: uuidParam('id') });
const ticketResult = json(z.object({ ticket: ticketView }), 'The ticket after the change');
const messageResult = z.object({ ticket: ticketView, message: messageView, duplicate: z.boolean() });

/** Verbs whose body is optional: a client that always sends `Content-Type: application/json` with no body means `{}`. */
const emptyBodyIsEmptyObject = createMiddleware(async (c, next) => {
  if ((await c.req.raw.clone().text()).trim() === '') c.req.raw.headers.delete('content-type');
  await next();
});

function action<S extends z.ZodType, R extends RouteConfig['responses']>(
  path: string,
  summary: string,
  schema: S,
  required: boolean,
  responses: R,
) {
  return createRoute({
    method: 'post',
    path: `/{id}/${path}`,
    tags: ['tickets'],
    summary,
    security,
    middleware: required ? [] : [emptyBodyIsEmptyObject],
    request: { params, body: { required, content: { 'application/json': { schema } } } },
    responses: { ...responses, ...errors, ...conflict, ...tooLarge },
  });
}

const routes = {
  assign: action('assign', 'Assign to an agent (assigneeId null unassigns)', assignInput, true, { 200: ticketResult }),
  transfer: action('transfer', 'Move to a team and/or agent, with an optional internal note', transferInput, true, {
    200: json(z.object({ ticket: ticketView, note: nullableRef(messageView) }), 'The ticket and the note'),
  }),
  priority: action('priority', 'Set the priority', setPriorityInput, true, { 200: ticketResult }),
  hold: action('hold', 'Put on hold (pending): waiting on the customer', holdInput, false, { 200: ticketResult }),
  escalate: action('escalate', 'Raise the escalation level with a reason', escalateInput, true, { 200: ticketResult }),
  resolve: action('resolve', 'Mark resolved', resolveInput, false, { 200: ticketResult }),
  close: action('close', 'Close for good (no reopen; the customer’s next message opens a new ticket)', closeInput, false, {
    200: ticketResult,
  }),
  reopen: action('reopen', 'Reopen a resolved (or on-hold) ticket', reopenInput, false, { 200: ticketResult }),
  reply: action('reply', 'Reply to the customer on the ticket’s channel (queued, then delivered)', replyInput, true, {
    200: json(messageResult, 'Already sent with this clientId: the first message'),
    201: json(messageResult, 'Queued for delivery'),
  }),
  notes: action('notes', 'Add an internal note (never delivered)', addNoteInput, true, {
    200: json(messageResult, 'Already added with this clientId'),
    201: json(messageResult, 'Added'),
  }),
  tags: action('tags', 'Add and remove tags', tagInput, true, { 200: ticketResult }),
};

export const ticketActionRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(routes.assign, async (c) =>
      c.json({ ticket: await assign(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.transfer, async (c) => c.json(await transfer(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(routes.priority, async (c) =>
      c.json({ ticket: await setPriority(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.hold, async (c) =>
      c.json({ ticket: await hold(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.escalate, async (c) =>
      c.json({ ticket: await escalate(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.resolve, async (c) =>
      c.json({ ticket: await resolve(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.close, async (c) =>
      c.json({ ticket: await close(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.reopen, async (c) =>
      c.json({ ticket: await reopen(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(routes.reply, async (c) => {
      const result = await reply(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(result, result.duplicate ? 200 : 201);
    })
    .openapi(routes.notes, async (c) => {
      const result = await addNote(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(result, result.duplicate ? 200 : 201);
    })
    .openapi(routes.tags, async (c) =>
      c.json({ ticket: await tag(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    );
