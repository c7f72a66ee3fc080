import { or, sql, type SQL } from 'drizzle-orm';
import { customers, messages, tickets } from '../../db/schema/index.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Free-text ticket search: subject, any message text, the customer's name or email, or "#1234" / "1234" for
 * a ticket number. Substring matching (ILIKE) for now; the one place to swap in full-text search later.
 */
export function ticketTextMatch(q: string): SQL | undefined {
  const term = q.trim();
  if (!term) return undefined;
  const like = `%${escapeLike(term)}%`;
  const number = /^#?(\d{1,15})$/.exec(term)?.[1];
  return or(
    ...(number ? [sql`${tickets.number} = ${Number(number)}`] : []),
    sql`${tickets.subject} ilike ${like}`,
    sql`exists (select 1 from ${customers} where ${customers.id} = ${tickets.customerId}
          and (${customers.name} ilike ${like} or ${customers.email} ilike ${like}))`,
    sql`exists (select 1 from ${messages} where ${messages.ticketId} = ${tickets.id} and ${messages.text} ilike ${like})`,
  );
}
