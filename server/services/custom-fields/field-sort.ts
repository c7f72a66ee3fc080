import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tickets } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import type { SortKey } from '../keyset.ts';
import { loadActiveFields } from './load-fields.ts';

/**
 * The inbox sorted by a ticket field: tickets with a value first, in the value's order (numbers as numbers, dates and
 * text as text), then the most recently updated; a stable keyset like the list's other sorts.
 */
export async function fieldSortKeys(db: DbOrTx, key: string): Promise<SortKey[]> {
  const def = (await loadActiveFields(db, 'ticket')).find((f) => f.key === key);
  if (!def)
    throw invalid(`sortField: no ticket field has the key "${key}"`, [
      { path: 'sortField', message: 'unknown field', code: 'unknown_field' },
    ]);
  const raw = sql`(${tickets.customFields} ->> ${key})`;
  const numeric = def.type === 'number' || def.type === 'decimal';
  return [
    { expr: sql`(case when ${raw} is null or ${raw} in ('', '[]') then 1 else 0 end)`, dir: 'asc', type: 'int' },
    numeric
      ? { expr: sql`coalesce(${raw}::numeric, 0)`, dir: 'asc', type: 'numeric' }
      : { expr: sql`coalesce(${raw}, '')`, dir: 'asc', type: 'text' },
    { expr: tickets.updatedAt, dir: 'desc', type: 'timestamptz' },
    { expr: tickets.id, dir: 'asc', type: 'uuid' },
  ];
}
