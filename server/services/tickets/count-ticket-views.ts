import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { ticketViewCounts, type TicketStatus } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { visibleTicketsWhere } from './visibility.ts';

/** What the sidebar badges count: tickets still needing work (the triggers of migration 0014 use the same list). */
export const ACTIVE_STATUSES: TicketStatus[] = ['new', 'open', 'pending'];

export interface TicketViewCounts {
  mine: number;
  unassigned: number;
  all: number;
  teams: Record<string, number>;
  /** Blocked customers' tickets still open: only the Spam view shows them. */
  spam: number;
}

/** Past this many +1/-1 rows a reader folds them into one row per key. */
const FOLD_AT = 500;
const folding = new WeakSet<DbOrTx>();

/**
 * Every badge from the counts the ticket triggers keep (ticket_view_counts): a sum over a few hundred small rows
 * at most, instead of a count over every active ticket on each first page of the inbox and each live refresh.
 * Exact: the rows are written in the transaction that changes the ticket, so a reader sees what has committed.
 */
export async function countTicketViews(ctx: ServiceContext, actor: Actor): Promise<TicketViewCounts> {
  const me = actor.type === 'user' ? actor.id : null;
  const c = ticketViewCounts;
  const rows = await ctx.db
    .select({
      teamId: c.teamId,
      assigneeId: c.assigneeId,
      spam: c.spam,
      n: sql<number>`sum(${c.n})`.mapWith(Number),
      parts: sql<number>`count(*)`.mapWith(Number),
    })
    .from(c)
    .where(visibleTicketsWhere(actor, c))
    .groupBy(c.teamId, c.assigneeId, c.spam);
  const counts: TicketViewCounts = { mine: 0, unassigned: 0, all: 0, teams: {}, spam: 0 };
  let parts = 0;
  for (const r of rows) {
    parts += r.parts;
    if (r.spam) {
      counts.spam += r.n;
      continue;
    }
    counts.all += r.n;
    if (me && r.assigneeId === me) counts.mine += r.n;
    if (r.assigneeId === null) counts.unassigned += r.n;
    if (r.teamId) counts.teams[r.teamId] = (counts.teams[r.teamId] ?? 0) + r.n;
  }
  for (const [team, n] of Object.entries(counts.teams)) if (n <= 0) delete counts.teams[team];
  // The counts are already right: a fold that fails (a deadlock with another node's fold) is left to the next reader.
  if (parts - rows.length > FOLD_AT) await foldViewCounts(ctx.db).catch((err: unknown) => ctx.log.warn({ err }, 'view counts not folded'));
  return counts;
}

/**
 * One row per key again, in one statement: rows appended meanwhile are not in its snapshot and stay; a second
 * fold running at once waits on the first's row locks, then finds those rows gone and leaves them alone.
 */
export async function foldViewCounts(db: DbOrTx): Promise<void> {
  if (folding.has(db)) return;
  folding.add(db);
  try {
    await db.execute(sql`with gone as (delete from ticket_view_counts returning team_id, assignee_id, spam, n)
      insert into ticket_view_counts (team_id, assignee_id, spam, n)
      select team_id, assignee_id, spam, sum(n) from gone group by 1, 2, 3 having sum(n) <> 0`);
  } finally {
    folding.delete(db);
  }
}
