import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { customFields } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';
import { actorUserId, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { createFieldInput, hasOptions } from './field-input.ts';
import { presentField } from './present.ts';

export const keyTaken = (key: string) =>
  conflict(`key: "${key}" is already used by another field of this kind (an archived one can be restored)`, [
    { path: 'key', message: 'already used', code: 'taken' },
  ]);

/** Select fields need their choices; no other type has any. */
export function checkOptions(type: string, options: unknown[] | undefined) {
  if (hasOptions(type) && !options?.length)
    throw invalid('Invalid field: options: a select field needs at least one option', [
      { path: 'options', message: 'at least one option', code: 'too_small' },
    ]);
  if (!hasOptions(type) && options?.length)
    throw invalid('Invalid field: options: only select and multi-select fields have options', [
      { path: 'options', message: 'not for this type', code: 'not_allowed' },
    ]);
}

export async function createField(ctx: ServiceContext, actor: Actor, raw: z.input<typeof createFieldInput>, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], 'Defining fields');
  const input = parseInput(createFieldInput, raw, 'field');
  checkOptions(input.type, input.options);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [last] = await tx
        .select({ max: sql<number>`coalesce(max(${customFields.position}), -1)` })
        .from(customFields)
        .where(and(eq(customFields.entity, input.entity)));
      const [row] = await tx
        .insert(customFields)
        .values({
          ...input,
          help: input.help ?? {},
          options: input.options ?? [],
          position: Number(last?.max ?? -1) + 1,
          createdByUserId: actorUserId(actor),
        })
        .returning();
      await recordAudit(
        tx,
        actor,
        { action: 'custom_field.created', targetType: 'custom_field', targetId: row!.id, data: { ...input } },
        origin,
      );
      return presentField(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw keyTaken(input.key);
    throw err;
  }
}
