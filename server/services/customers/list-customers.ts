import { and, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { customerIdentities, customers } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { afterKeyset, decodeCursor, encodeCursor, keysetOrder, keyValues, type SortKey } from '../keyset.ts';
import { parseInput } from '../parse-input.ts';
import { presentCustomer } from './present.ts';

export const listCustomersInput = z.strictObject({
  q: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const keys: SortKey[] = [
  { expr: customers.updatedAt, dir: 'desc', type: 'timestamptz' },
  { expr: customers.id, dir: 'asc', type: 'uuid' },
];

/** Customers most recently changed first; q matches name, email, phone or any channel identity. */
export async function listCustomers(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listCustomersInput> = {}) {
  requireRole(actor, AGENT_ROLES, 'Listing customers');
  const input = parseInput(listCustomersInput, raw);
  const where: (SQL | undefined)[] = [];
  const term = input.q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        sql`${customers.name} ilike ${like}`,
        sql`${customers.email} ilike ${like}`,
        sql`${customers.phone} ilike ${like}`,
        sql`exists (select 1 from ${customerIdentities} where ${customerIdentities.customerId} = ${customers.id}
              and (${customerIdentities.externalId} ilike ${like} or ${customerIdentities.displayName} ilike ${like}))`,
      ),
    );
  }
  if (input.cursor) where.push(afterKeyset(keys, decodeCursor(input.cursor, 'customers', keys)));
  const rows = await ctx.db
    .select({ customer: customers, keys: keyValues(keys) })
    .from(customers)
    .where(and(...where))
    .orderBy(...keysetOrder(keys))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    customers: page.map((r) => presentCustomer(r.customer)),
    nextCursor: rows.length > input.limit && last ? encodeCursor('customers', last.keys) : null,
  };
}
