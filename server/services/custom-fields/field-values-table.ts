import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { customers, tickets, type CustomFieldEntity } from '../../db/schema/index.ts';

/** The row type whose custom_fields column holds an entity's values. */
export const valuesTable = (entity: CustomFieldEntity) => (entity === 'ticket' ? tickets : customers);

/** Every stored value of one field, as { id, value } (used when a field's type or options change). */
export async function storedValues(tx: Tx, entity: CustomFieldEntity, key: string) {
  const t = valuesTable(entity);
  return tx
    .select({ id: t.id, value: sql<unknown>`${t.customFields} -> ${key}` })
    .from(t)
    .where(sql`jsonb_exists(${t.customFields}, ${key})`);
}

const CHUNK = 500;

/** Rewrites one key on many rows in a few statements (a type change can touch every ticket). */
export async function rewriteValues(tx: Tx, entity: CustomFieldEntity, key: string, rows: { id: string; val: unknown }[]) {
  const t = valuesTable(entity);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + CHUNK));
    await tx.execute(sql`update ${t} set custom_fields = jsonb_set(${t.customFields}, array[${key}]::text[], v.val)
      from jsonb_to_recordset(${chunk}::jsonb) as v(id uuid, val jsonb) where ${t.id} = v.id`);
  }
}
