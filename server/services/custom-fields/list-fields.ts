import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { customFieldEntities, customFields, roles } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { presentField } from './present.ts';

export const listFieldsInput = z.strictObject({
  entity: z.enum(customFieldEntities).optional(),
  archived: z.boolean().default(false),
});

/** Every signed-in user reads the definitions (panels, filters); archived ones only when asked (Settings). */
export async function listFields(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listFieldsInput> = {}) {
  requireRole(actor, roles, 'Reading field definitions');
  const input = parseInput(listFieldsInput, raw);
  const rows = await ctx.db
    .select()
    .from(customFields)
    .where(input.entity ? eq(customFields.entity, input.entity) : undefined)
    .orderBy(asc(customFields.entity), asc(customFields.position), asc(customFields.createdAt));
  return rows.filter((r) => input.archived || !r.archivedAt).map(presentField);
}
