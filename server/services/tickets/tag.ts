import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_TAGS, mergeTags, tagSchema } from '../tags.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const tagInput = z
  .strictObject({ add: z.array(tagSchema).max(MAX_TAGS).optional(), remove: z.array(tagSchema).max(MAX_TAGS).optional() })
  .refine((v) => (v.add?.length ?? 0) + (v.remove?.length ?? 0) > 0, { message: 'give tags to add or remove', path: ['add'] });

/** Adds and removes tags (normalised: trimmed, lower case, spaces as dashes). Allowed on closed tickets, for reporting. */
export async function tag(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof tagInput>) {
  const input = parseInput(tagInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Tagging a ticket', async (m) => {
    const before = m.ticket.tags;
    const after = mergeTags(before, input.add, input.remove);
    if (after.length > MAX_TAGS) throw invalid(`add: a ticket has at most ${MAX_TAGS} tags`, [{ path: 'add', message: 'too many tags' }]);
    const added = after.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !after.includes(t));
    if (!added.length && !removed.length) return presentTicket(m.ticket);
    await m.update({ tags: after }, 'tags');
    await m.record({ kind: 'tagged', from: before.join(','), to: after.join(','), data: { added, removed } });
    return presentTicket(m.ticket);
  });
}
