import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customFields, type CustomFieldEntity } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../is-uuid.ts';

export type FieldRow = typeof customFields.$inferSelect;

/** The fields in use for an entity, in their order (archived ones are hidden everywhere but Settings). */
export function loadActiveFields(db: DbOrTx, entity: CustomFieldEntity): Promise<FieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.entity, entity), isNull(customFields.archivedAt)))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}

export async function loadField(db: DbOrTx, id: string, lock = false): Promise<FieldRow> {
  if (!isUuid(id)) throw notFound('Field');
  const q = db.select().from(customFields).where(eq(customFields.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('Field');
  return row;
}

/** How a field is named in messages: its English label and its key. */
export const fieldName = (f: Pick<FieldRow, 'key' | 'labels'>) => `“${f.labels.en}” (${f.key})`;
