import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { teamMembers, tickets, users } from '../../db/schema/index.ts';

/**
 * Of these users, the active ones who may see the ticket now, by the same rule as visibility.ts (managers see all;
 * agents their own, their teams' and team-less tickets). A mention or a follow never tells someone of a ticket they cannot open.
 */
export async function whoMaySee(db: DbOrTx, ticketId: string, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(tickets, eq(tickets.id, ticketId))
    .where(
      and(
        inArray(users.id, [...userIds]),
        eq(users.active, true),
        sql`(${users.roles} && array['admin','supervisor']::text[]
          or (${users.roles} && array['agent']::text[] and (${tickets.assigneeId} = ${users.id} or ${tickets.teamId} is null
            or exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${tickets.teamId} and ${teamMembers.userId} = ${users.id}))))`,
      ),
    );
  return rows.map((r) => r.id);
}
