import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import { invalid } from '../errors.ts';

/** One ORDER BY key. `expr` must never be null; its text form goes into the cursor and is cast back by `type`. */
export interface SortKey {
  expr: SQL | SQL.Aliased | import('drizzle-orm').Column;
  dir: 'asc' | 'desc';
  type: 'timestamptz' | 'int' | 'uuid' | 'text' | 'numeric';
}

const formats: Record<SortKey['type'], RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/,
  int: /^-?\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  text: /^[\s\S]{0,20000}$/,
  numeric: /^-?\d+(\.\d+)?$/,
};

/** The sort keys' exact values as text (timestamps keep their microseconds), selected with each row. */
export const keyValues = (keys: readonly SortKey[]) =>
  sql<string[]>`array[${sql.join(
    keys.map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )}]`;

export const keysetOrder = (keys: readonly SortKey[]) => keys.map((k) => (k.dir === 'asc' ? asc(k.expr as SQL) : desc(k.expr as SQL)));

/** Rows strictly after the cursor's row in the keys' order: (k0 > v0) or (k0 = v0 and (k1 > v1 or ...)). */
export function afterKeyset(keys: readonly SortKey[], values: readonly string[]): SQL {
  let cond: SQL | undefined;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i]!;
    const v = sql`${values[i]}::${sql.raw(k.type === 'int' ? 'bigint' : k.type)}`;
    const beyond = k.dir === 'asc' ? gt(k.expr as SQL, v) : lt(k.expr as SQL, v);
    cond = cond ? or(beyond, and(eq(k.expr as SQL, v), cond)) : beyond;
  }
  return cond!;
}

/** Opaque to clients; tied to the sort it was made for. */
export function encodeCursor(sort: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, keys: readonly SortKey[]): string[] {
  const bad = (why: string) => invalid(`cursor: ${why}`, [{ path: 'cursor', message: why }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor from this API');
  }
  const { s, v } = (parsed ?? {}) as { s?: unknown; v?: unknown };
  if (s !== sort) throw bad(`made for another sort order; start again without a cursor`);
  if (!Array.isArray(v) || v.length !== keys.length || !v.every((x, i) => typeof x === 'string' && formats[keys[i]!.type].test(x))) {
    throw bad('not a cursor from this API');
  }
  return v as string[];
}
