import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { customFields } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { reorderFieldsInput } from './field-input.ts';
import { listFields } from './list-fields.ts';

/** Sets the order fields show in (panels, Settings): `ids` lists the entity's fields first to last. */
export async function reorderFields(
  ctx: ServiceContext,
  actor: Actor,
  raw: z.input<typeof reorderFieldsInput>,
  origin: RequestOrigin = {},
) {
  requireRole(actor, ['admin'], 'Ordering fields');
  const input = parseInput(reorderFieldsInput, raw, 'order');
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.select({ id: customFields.id }).from(customFields).where(eq(customFields.entity, input.entity)).for('update');
    const known = new Set(rows.map((r) => r.id));
    const unknown = input.ids.find((id) => !known.has(id));
    if (unknown)
      throw invalid(`Invalid order: ids: ${unknown} is not a ${input.entity} field`, [
        { path: 'ids', message: 'unknown field', code: 'unknown' },
      ]);
    for (const [position, id] of input.ids.entries()) {
      await tx
        .update(customFields)
        .set({ position, updatedAt: ctx.now() })
        .where(and(eq(customFields.id, id), eq(customFields.entity, input.entity)));
    }
    await recordAudit(
      tx,
      actor,
      { action: 'custom_field.reordered', targetType: 'custom_field', targetId: input.entity, data: { ids: input.ids } },
      origin,
    );
  });
  return listFields(ctx, actor, { entity: input.entity, archived: true });
}
