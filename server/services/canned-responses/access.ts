import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { cannedResponses, type CannedScope } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import { actorUserId, hasRole, MANAGER_ROLES, type Actor } from '../actor.ts';
import { isUuid } from '../tickets/visibility.ts';

type Row = typeof cannedResponses.$inferSelect;

/** Shared responses are everyone's, so only supervisors and admins change them; personal ones only their owner. */
export function requireCanManage(actor: Actor, scope: CannedScope, ownerId: string | null, action: string): void {
  if (scope === 'shared' && !hasRole(actor, MANAGER_ROLES))
    throw forbidden(`${action} a shared canned response needs the supervisor or admin role`);
  if (scope === 'personal' && ownerId !== actorUserId(actor)) throw forbidden(`${action} another person’s canned response is not allowed`);
}

/** A response the actor may see (shared, or their own), locked for a change; others answer NOT_FOUND. */
export async function loadVisibleCanned(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<Row> {
  if (!isUuid(id)) throw notFound('Canned response');
  const q = db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || (row.scope === 'personal' && row.ownerId !== actorUserId(actor))) throw notFound('Canned response');
  return row;
}
