import { or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { tickets } from '../../db/schema/index.ts';

/** `key:value` — tickets whose field `key` holds `value` (a multi-select: among its values). */
export const fieldFilter = z
  .string()
  .max(300)
  .regex(/^[a-z][a-z0-9_]{0,49}:.+$/s, 'expected key:value, e.g. product:router')
  .transform((s) => ({ key: s.slice(0, s.indexOf(':')), value: s.slice(s.indexOf(':') + 1) }));

const contains = (doc: Record<string, unknown>) => sql`${tickets.customFields} @> ${JSON.stringify(doc)}::jsonb`;

/**
 * Containment (`custom_fields @> {...}`) so the GIN jsonb_path_ops index answers it. The query string cannot say
 * whether "5" is text or a number, so each stored form a value may have is tried (still one bitmap index scan each).
 */
export function fieldFilterWhere(filters: readonly { key: string; value: string }[] | undefined): SQL[] {
  return (filters ?? []).map(({ key, value }) => {
    const forms: unknown[] = [value, [value]];
    if (/^-?\d+(\.\d+)?$/.test(value)) forms.push(Number(value));
    if (value === 'true' || value === 'false') forms.push(value === 'true');
    return or(...forms.map((v) => contains({ [key]: v })))!;
  });
}
