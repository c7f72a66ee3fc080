import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { macros } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import { actorUserId, hasRole, MANAGER_ROLES, type Actor } from '../actor.ts';
import { isUuid } from '../tickets/visibility.ts';
import type { MacroScope } from './input.ts';

type Row = typeof macros.$inferSelect;

/** Shared macros are everyone's, so only supervisors and admins change them; personal ones only their owner. */
export function requireCanManageMacro(actor: Actor, scope: MacroScope, ownerId: string | null, action: string): void {
  if (scope === 'shared' && !hasRole(actor, MANAGER_ROLES)) throw forbidden(`${action} a shared macro needs the supervisor or admin role`);
  if (scope === 'personal' && ownerId !== actorUserId(actor)) throw forbidden(`${action} another person’s macro is not allowed`);
}

/** A macro the actor may use (shared, or their own), optionally locked; another person's answers NOT_FOUND. */
export async function loadUsableMacro(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<Row> {
  if (!isUuid(id)) throw notFound('Macro');
  const q = db.select().from(macros).where(eq(macros.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || (row.ownerUserId !== null && row.ownerUserId !== actorUserId(actor))) throw notFound('Macro');
  return row;
}

export const scopeOf = (row: Pick<Row, 'ownerUserId'>): MacroScope => (row.ownerUserId ? 'personal' : 'shared');
