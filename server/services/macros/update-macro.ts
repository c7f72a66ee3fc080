import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { macros } from '../../db/schema/index.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { loadUsableMacro, requireCanManageMacro, scopeOf } from './access.ts';
import { checkMacroActions } from './check-actions.ts';
import { updateMacroInput } from './input.ts';
import { presentMacro } from './present.ts';

/** Edits a macro; moving it between personal and shared needs the rights of both sides. Audited with what changed. */
export async function updateMacro(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof updateMacroInput>,
  origin: RequestOrigin = {},
) {
  requireRole(actor, AGENT_ROLES, 'Editing macros');
  const input = parseInput(updateMacroInput, raw);
  const actions = input.actions ? await checkMacroActions(ctx.db, input.actions) : undefined;
  return ctx.db.transaction(async (tx) => {
    const row = await loadUsableMacro(tx, actor, id, true);
    requireCanManageMacro(actor, scopeOf(row), row.ownerUserId, 'Editing');
    const scope = input.scope ?? scopeOf(row);
    const ownerUserId = scope === 'personal' ? (row.ownerUserId ?? actorUserId(actor)) : null;
    requireCanManageMacro(actor, scope, ownerUserId, 'Editing');
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(actions ? { actions } : {}),
      ownerUserId,
    };
    const [updated] = await tx
      .update(macros)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(macros.id, row.id))
      .returning();
    const data = { ...set, scope, before: { name: row.name, scope: scopeOf(row), actions: row.actions } };
    await recordAudit(tx, actor, { action: 'macro.updated', targetType: 'macro', targetId: row.id, data }, origin);
    return presentMacro(updated!);
  });
}
