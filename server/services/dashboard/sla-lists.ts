import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Priority, SlaMetric, TicketStatus } from '../../db/schema/index.ts';
import { iso } from '../reports/scope.ts';
import { rows } from '../reports/rows.ts';
import { slaStateWhere, type SlaState } from '../sla/sla-state.ts';

/** Rows listed per SLA list; `count` still counts every ticket in the state. */
export const SLA_TICKETS_SHOWN = 50;

export interface SlaTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  teamId: string | null;
  teamName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** The running target closest to (or furthest past) its due time. */
  metric: SlaMetric;
  dueAt: string;
}

export interface SlaList {
  count: number;
  tickets: SlaTicket[];
}

/** Open tickets at risk or breached (sla/sla-state.ts decides which), the most overdue first. */
export async function slaList(db: DbOrTx, state: SlaState, now: Date): Promise<SlaList> {
  const found = rows<SlaTicket & { total: number }>(
    await db.execute(sql`
      select tickets.id, tickets.number::float8 as number, tickets.subject, tickets.status, tickets.priority,
             tickets.team_id as "teamId", tm.name as "teamName", tickets.assignee_id as "assigneeId", u.name as "assigneeName",
             c.metric, ${iso(sql`c.due_at`)} as "dueAt", count(*) over ()::int as total
      from tickets
      join lateral (
        select metric, due_at from sla_clocks
        where ticket_id = tickets.id and state = 'running' and due_at is not null
        order by due_at limit 1
      ) c on true
      left join teams tm on tm.id = tickets.team_id
      left join users u on u.id = tickets.assignee_id
      where tickets.status in ('new', 'open', 'pending') and ${slaStateWhere(state, now)}
      order by c.due_at, tickets.number
      limit ${SLA_TICKETS_SHOWN}`),
  );
  return { count: found[0]?.total ?? 0, tickets: found.map(({ total: _, ...t }) => t) };
}
