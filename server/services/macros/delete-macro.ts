import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { macros } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { loadUsableMacro, requireCanManageMacro, scopeOf } from './access.ts';

export async function deleteMacro(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, AGENT_ROLES, 'Deleting macros');
  await ctx.db.transaction(async (tx) => {
    const row = await loadUsableMacro(tx, actor, id, true);
    requireCanManageMacro(actor, scopeOf(row), row.ownerUserId, 'Deleting');
    await tx.delete(macros).where(eq(macros.id, row.id));
    const data = { name: row.name, scope: scopeOf(row), actions: row.actions };
    await recordAudit(tx, actor, { action: 'macro.deleted', targetType: 'macro', targetId: row.id, data }, origin);
  });
}
