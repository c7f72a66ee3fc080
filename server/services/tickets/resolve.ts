import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { requireFieldsToResolve } from '../custom-fields/required-to-resolve.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { claimUnassigned } from './claim-unassigned.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const resolveInput = z.strictObject({ reason: z.string().trim().max(500).optional() });

/** Marks the customer's problem solved and queues the satisfaction survey; a later customer message reopens the ticket. */
export async function resolve(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof resolveInput> = {}) {
  const input = parseInput(resolveInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Resolving a ticket', async (m) => {
    await requireFieldsToResolve(m.tx, m.ticket);
    await claimUnassigned(m, 'resolve');
    const t = await changeStatus(m, 'resolved', {
      action: 'resolve',
      set: { resolvedAt: m.now },
      data: input.reason ? { reason: input.reason } : {},
    });
    // In the same transaction: a crash after commit cannot lose the survey, a replay cannot double it.
    // A blocked customer (spam) is asked for nothing.
    const resolvedAt = m.now.toISOString();
    if (!t.spam) await enqueue(m.tx, 'csat.survey', { ticketId: t.id, resolvedAt }, { dedupeKey: `csat:${t.id}:${resolvedAt}` });
    return presentTicket(t);
  });
}
