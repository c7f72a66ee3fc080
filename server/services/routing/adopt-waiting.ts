import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { outbox, ticketRouting, tickets } from '../../db/schema/index.ts';

/**
 * Puts unassigned team tickets that have no queue entry into their team's queue: tickets moved to a team by
 * hand, or whose routing job failed for good. Tickets whose routing job is still pending are left to it, so
 * their rules still apply. Returns how many joined a queue.
 */
export async function adoptWaiting(db: DbOrTx, now: Date, ticketId?: string): Promise<number> {
  const rows = await db.execute(sql`
    insert into ${ticketRouting} (ticket_id, skills, queued_at, routed_at)
    select t.id, '{}', t.created_at, ${now} from ${tickets} t
    where t.team_id is not null and t.assignee_id is null and t.status in ('new', 'open') and not t.spam
      ${ticketId ? sql`and t.id = ${ticketId}` : sql``}
      and not exists (select 1 from ${ticketRouting} r where r.ticket_id = t.id)
      and not exists (select 1 from ${outbox} o where o.dedupe_key = 'route:' || t.id::text and o.status in ('pending', 'processing'))
    on conflict do nothing
    returning ticket_id`);
  return (rows as unknown as { rows: unknown[] }).rows.length;
}
