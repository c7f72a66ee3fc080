import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isRecordChannel } from '../../../channels/types.ts';
import { channelKinds, type ChannelKind } from '../../db/schema/index.ts';
import { iso } from '../reports/scope.ts';
import { rows } from '../reports/rows.ts';
import { LOAD_STATUSES } from '../routing/load.ts';

export interface WaitingCell {
  waiting: number;
  /** When the longest-waiting ticket joined the queue; null when nobody waits. */
  oldestQueuedAt: string | null;
}
export interface TeamQueue extends WaitingCell {
  teamId: string;
  teamName: string;
  channels: Array<WaitingCell & { channel: ChannelKind }>;
}

type Row = {
  teamId: string;
  teamName: string;
  channel: ChannelKind | null;
  waiting: number | null;
  oldest: string | null;
  total: number | null;
};

/**
 * Every team's queue split by channel, with the team's total from the same GROUPING SETS pass. "Waiting" is the
 * queue's own rule (routing/waiting.ts): routed to the team, nobody assigned, still new or open.
 */
/** Phone calls and visits are recorded by the agent who took them: they never wait in a queue. */
const queueChannels = channelKinds.filter((c) => !isRecordChannel(c));

export async function waitingByTeam(db: DbOrTx): Promise<TeamQueue[]> {
  const statuses = sql.join(
    LOAD_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const found = rows<Row>(
    await db.execute(sql`
      with w as (
        select t.team_id, t.channel, grouping(t.channel) as total, count(*)::int as waiting, min(r.queued_at) as oldest
        from tickets t join ticket_routing r on r.ticket_id = t.id
        where t.team_id is not null and t.assignee_id is null and t.status in (${statuses})
        group by grouping sets ((t.team_id, t.channel), (t.team_id))
      )
      select tm.id as "teamId", tm.name as "teamName", w.channel, w.waiting, w.total, ${iso(sql`w.oldest`)} as oldest
      from teams tm left join w on w.team_id = tm.id
      order by tm.name, tm.id, w.channel nulls first`),
  );
  const out = new Map<string, TeamQueue>();
  for (const r of found) {
    let team = out.get(r.teamId);
    if (!team) {
      team = {
        teamId: r.teamId,
        teamName: r.teamName,
        waiting: 0,
        oldestQueuedAt: null,
        channels: queueChannels.map((channel) => ({ channel, waiting: 0, oldestQueuedAt: null })),
      };
      out.set(r.teamId, team);
    }
    if (r.waiting === null) continue;
    const cell = r.total ? team : team.channels.find((c) => c.channel === r.channel);
    if (!cell) continue;
    cell.waiting = r.waiting;
    cell.oldestQueuedAt = r.oldest;
  }
  return [...out.values()];
}
