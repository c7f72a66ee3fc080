import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { cannedResponses } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { requireCanManage } from './access.ts';
import { createCannedInput } from './input.ts';
import { presentCannedResponse } from './present.ts';

export const shortcutTaken = (shortcut: string) =>
  conflict(`shortcut: "/${shortcut}" is already used by another canned response`, [{ path: 'shortcut', message: 'already used' }]);

export async function createCannedResponse(ctx: ServiceContext, actor: Actor, raw: z.input<typeof createCannedInput>) {
  requireRole(actor, AGENT_ROLES, 'Creating canned responses');
  const input = parseInput(createCannedInput, raw);
  const me = actorUserId(actor);
  const ownerId = input.scope === 'personal' ? me : null;
  requireCanManage(actor, input.scope, ownerId, 'Creating');
  try {
    const [row] = await ctx.db
      .insert(cannedResponses)
      .values({ scope: input.scope, ownerId, createdById: me, shortcut: input.shortcut, title: input.title, body: input.body })
      .returning();
    return presentCannedResponse(row!);
  } catch (err) {
    if (isUniqueViolation(err)) throw shortcutTaken(input.shortcut);
    throw err;
  }
}
