import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { cannedResponses } from '../../db/schema/index.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { loadVisibleCanned, requireCanManage } from './access.ts';
import { shortcutTaken } from './create-canned-response.ts';
import { updateCannedInput } from './input.ts';
import { presentCannedResponse } from './present.ts';

/** Edits a response; moving it between personal and shared needs the rights of both sides. */
export async function updateCannedResponse(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof updateCannedInput>) {
  requireRole(actor, AGENT_ROLES, 'Editing canned responses');
  const input = parseInput(updateCannedInput, raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await loadVisibleCanned(tx, actor, id, true);
      requireCanManage(actor, row.scope, row.ownerId, 'Editing');
      const scope = input.scope ?? row.scope;
      const ownerId = scope === 'personal' ? (row.scope === 'personal' ? row.ownerId : actorUserId(actor)) : null;
      requireCanManage(actor, scope, ownerId, 'Editing');
      const [updated] = await tx
        .update(cannedResponses)
        .set({ ...input, scope, ownerId, updatedAt: ctx.now() })
        .where(eq(cannedResponses.id, row.id))
        .returning();
      return presentCannedResponse(updated!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw shortcutTaken(input.shortcut ?? '');
    throw err;
  }
}
