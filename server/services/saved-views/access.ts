import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { savedViews } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import { hasRole, MANAGER_ROLES, type Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';

type SavedViewRow = typeof savedViews.$inferSelect;

/** Shared views are everyone's; a personal view is its owner's alone (others get "not found", as for tickets). */
export const seesView = (actor: Actor, row: SavedViewRow) =>
  row.ownerUserId === null || (actor.type === 'user' && row.ownerUserId === actor.id);

/** Anyone manages their own views; shared views are the supervisors' and admins'. */
export function requireCanManageView(actor: Actor, shared: boolean, action: string): void {
  if (shared && !hasRole(actor, MANAGER_ROLES)) throw forbidden(`${action} a shared view needs the supervisor or admin role`);
}

export async function loadManageableView(tx: Tx, actor: Actor, id: string, action: string): Promise<SavedViewRow> {
  if (!isUuid(id)) throw notFound('Saved view');
  const [row] = await tx.select().from(savedViews).where(eq(savedViews.id, id)).for('update');
  if (!row || !seesView(actor, row)) throw notFound('Saved view');
  requireCanManageView(actor, row.ownerUserId === null, action);
  return row;
}
