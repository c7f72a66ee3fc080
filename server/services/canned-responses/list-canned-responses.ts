import { and, asc, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { cannedResponses } from '../../db/schema/index.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { presentCannedResponse } from './present.ts';

export const listCannedInput = z.strictObject({ q: z.string().trim().max(100).optional() });

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The shared responses plus the actor's own, shortcut order; `q` matches shortcut, title or text. */
export async function listCannedResponses(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listCannedInput> = {}) {
  requireRole(actor, AGENT_ROLES, 'Reading canned responses');
  const input = parseInput(listCannedInput, raw);
  const me = actorUserId(actor);
  const visible = or(eq(cannedResponses.scope, 'shared'), me ? eq(cannedResponses.ownerId, me) : undefined);
  const pattern = input.q ? `%${escapeLike(input.q)}%` : null;
  const match = pattern
    ? or(ilike(cannedResponses.shortcut, pattern), ilike(cannedResponses.title, pattern), ilike(cannedResponses.body, pattern))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(cannedResponses)
    .where(and(visible, match))
    .orderBy(asc(cannedResponses.shortcut), asc(cannedResponses.scope), asc(cannedResponses.id))
    .limit(500);
  return rows.map(presentCannedResponse);
}
