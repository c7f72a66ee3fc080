import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { macros } from '../../db/schema/index.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { requireCanManageMacro } from './access.ts';
import { checkMacroActions } from './check-actions.ts';
import { createMacroInput } from './input.ts';
import { presentMacro } from './present.ts';

/** A personal macro for the actor, or a shared one (supervisors and admins); audited. */
export async function createMacro(ctx: ServiceContext, actor: Actor, raw: z.input<typeof createMacroInput>, origin: RequestOrigin = {}) {
  requireRole(actor, AGENT_ROLES, 'Creating macros');
  const input = parseInput(createMacroInput, raw);
  const me = actorUserId(actor);
  const ownerUserId = input.scope === 'personal' ? me : null;
  requireCanManageMacro(actor, input.scope, ownerUserId, 'Creating');
  const actions = await checkMacroActions(ctx.db, input.actions);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(macros)
      .values({ name: input.name, description: input.description ?? null, ownerUserId, actions, createdByUserId: me })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'macro.created', targetType: 'macro', targetId: row!.id, data: { name: row!.name, scope: input.scope, actions } },
      origin,
    );
    return presentMacro(row!);
  });
}
