import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customFields } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { loadField } from './load-fields.ts';
import { presentField } from './present.ts';

/** Deleting a field archives it: hidden from panels and filters, every stored value kept, restorable. */
export async function setFieldArchived(ctx: ServiceContext, actor: Actor, id: string, archived: boolean, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], archived ? 'Archiving fields' : 'Restoring fields');
  return ctx.db.transaction(async (tx) => {
    const before = await loadField(tx, id, true);
    if (Boolean(before.archivedAt) === archived) return presentField(before);
    const now = ctx.now();
    const [after] = await tx
      .update(customFields)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(eq(customFields.id, id))
      .returning();
    const action = archived ? 'custom_field.archived' : 'custom_field.restored';
    await recordAudit(
      tx,
      actor,
      { action, targetType: 'custom_field', targetId: id, data: { key: before.key, entity: before.entity } },
      origin,
    );
    return presentField(after!);
  });
}
