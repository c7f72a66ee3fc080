import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { priorities } from '../../db/schema/index.ts';
import { ServiceError, type ServiceErrorCode } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_TAGS, tagSchema } from '../tags.ts';
import { assign } from './assign.ts';
import { close } from './close.ts';
import { hold } from './hold.ts';
import type { TicketView } from './present.ts';
import { reopen } from './reopen.ts';
import { resolve } from './resolve.ts';
import { setPriority } from './set-priority.ts';
import { tag, tagInput } from './tag.ts';
import { transfer } from './transfer.ts';

export const MAX_BULK_TICKETS = 500;
const BULK_CONCURRENCY = 4;

export const bulkStatuses = ['open', 'pending', 'resolved', 'closed'] as const;

export const bulkAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign'), assigneeId: z.uuid().nullable() }),
  z.strictObject({ type: z.literal('team'), teamId: z.uuid().nullable() }),
  z.strictObject({
    type: z.literal('tag'),
    add: z.array(tagSchema).max(MAX_TAGS).optional(),
    remove: z.array(tagSchema).max(MAX_TAGS).optional(),
  }),
  z.strictObject({ type: z.literal('status'), status: z.enum(bulkStatuses) }),
  z.strictObject({ type: z.literal('priority'), priority: z.enum(priorities) }),
]);
export type BulkAction = z.output<typeof bulkAction>;

export const bulkUpdateInput = z.strictObject({
  ticketIds: z
    .array(z.uuid({ message: 'expected a ticket id (uuid)' }))
    .min(1, 'select at least one ticket')
    .max(MAX_BULK_TICKETS, `at most ${MAX_BULK_TICKETS} tickets at once: select fewer and repeat`),
  action: bulkAction,
});

export type BulkResult =
  | { ticketId: string; result: 'applied'; ticket: TicketView }
  | { ticketId: string; result: 'refused'; error: { code: ServiceErrorCode; message: string } };

/** The existing verb for each action: the same checks, history rows and live events as on one ticket. */
function verbFor(ctx: ServiceContext, actor: Actor, action: BulkAction): (ticketId: string) => Promise<TicketView> {
  switch (action.type) {
    case 'assign':
      return (id) => assign(ctx, actor, id, { assigneeId: action.assigneeId });
    case 'team':
      return async (id) => (await transfer(ctx, actor, id, { teamId: action.teamId })).ticket;
    case 'tag':
      return (id) => tag(ctx, actor, id, { add: action.add, remove: action.remove });
    case 'priority':
      return (id) => setPriority(ctx, actor, id, { priority: action.priority });
    case 'status': {
      const verbs = { open: reopen, pending: hold, resolved: resolve, closed: close } as const;
      return (id) => verbs[action.status](ctx, actor, id, {});
    }
  }
}

/**
 * Applies one action to many tickets, each in its own transaction through the one-ticket verb, so each ticket gets
 * the actor's permission check and its events are published as it commits. A refusal (not visible, closed, a
 * transition the lifecycle forbids) is reported for that ticket and the others go on.
 */
export async function bulkUpdateTickets(ctx: ServiceContext, actor: Actor, raw: z.input<typeof bulkUpdateInput>) {
  requireRole(actor, AGENT_ROLES, 'Changing tickets in bulk');
  const input = parseInput(bulkUpdateInput, raw);
  if (input.action.type === 'tag') parseInput(tagInput, { add: input.action.add, remove: input.action.remove }, 'action');
  const apply = verbFor(ctx, actor, input.action);
  const ids = [...new Set(input.ticketIds)];
  const results: BulkResult[] = new Array(ids.length);
  let next = 0;
  async function worker() {
    while (next < ids.length) {
      const i = next++;
      const ticketId = ids[i]!;
      try {
        results[i] = { ticketId, result: 'applied', ticket: await apply(ticketId) };
      } catch (err) {
        if (!(err instanceof ServiceError) || err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') throw err;
        results[i] = { ticketId, result: 'refused', error: { code: err.code, message: err.message } };
      }
    }
  }
  // Each ticket is its own short transaction on its own row: PostgreSQL's pool runs a few at once; PGlite has one connection.
  await Promise.all(Array.from({ length: ctx.driver === 'pg' ? BULK_CONCURRENCY : 1 }, worker));
  const applied = results.filter((r) => r.result === 'applied').length;
  return { applied, refused: results.length - applied, results };
}
