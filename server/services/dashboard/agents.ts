import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { ChannelKind, Presence, Priority, TicketStatus } from '../../db/schema/index.ts';
import { iso } from '../reports/scope.ts';
import { rows } from '../reports/rows.ts';
import { agentLoads } from '../routing/load.ts';

/** How many of an agent's open tickets the board lists; `openTickets` still counts them all. */
export const AGENT_TICKETS_SHOWN = 10;

export interface BoardTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  channel: ChannelKind;
  priority: Priority;
}

export interface AgentOnBoard {
  userId: string;
  name: string;
  presence: Presence;
  presenceChangedAt: string;
  /** The largest capacity among the agent's teams; null when the agent is in no team. */
  capacity: number | null;
  /** Conversations occupying the agent (new and open), in total and per channel: routing's own measure. */
  load: number;
  loadByChannel: Partial<Record<ChannelKind, number>>;
  /** Assigned and not yet resolved (new, open, pending). */
  openTickets: number;
  tickets: BoardTicket[];
}

/** Everyone who takes conversations (an agent role or a team seat), online first, with their load and open tickets. */
export async function agentBoard(db: DbOrTx): Promise<AgentOnBoard[]> {
  const people = rows<{ userId: string; name: string; presence: Presence; presenceChangedAt: string; capacity: number | null }>(
    await db.execute(sql`
      select u.id as "userId", u.name, u.presence, ${iso(sql`u.presence_changed_at`)} as "presenceChangedAt",
             (select max(m.capacity) from team_members m where m.user_id = u.id)::int as capacity
      from users u
      where u.active and ('agent' = any(u.roles) or exists (select 1 from team_members m where m.user_id = u.id))
      order by array_position(array['online','away','offline']::text[], u.presence), u.name, u.id`),
  );
  if (!people.length) return [];
  const ids = people.map((p) => p.userId);
  const loads = await agentLoads(db, ids);
  const open = rows<BoardTicket & { assigneeId: string; total: number }>(
    await db.execute(sql`
      select * from (
        select t.assignee_id as "assigneeId", t.id, t.number::float8 as number, t.subject, t.status, t.channel, t.priority,
               count(*) over (partition by t.assignee_id)::int as total,
               row_number() over (partition by t.assignee_id order by t.last_message_at desc, t.id) as n
        from tickets t
        where t.assignee_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and t.status in ('new', 'open', 'pending')
      ) x where n <= ${AGENT_TICKETS_SHOWN} order by n`),
  );
  return people.map((p) => {
    const mine = open.filter((t) => t.assigneeId === p.userId);
    const load = loads.get(p.userId)!;
    return {
      ...p,
      load: load.total,
      loadByChannel: load.byChannel,
      openTickets: mine[0]?.total ?? 0,
      tickets: mine.map(({ id, number, subject, status, channel, priority }) => ({ id, number, subject, status, channel, priority })),
    };
  });
}
