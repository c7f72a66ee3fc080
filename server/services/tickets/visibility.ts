import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { teamMembers, tickets } from '../../db/schema/index.ts';
import { notFound, ServiceError } from '../../errors.ts';
import { hasRole, MANAGER_ROLES, type Actor } from '../actor.ts';

type TicketRow = typeof tickets.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Supervisors, admins and the system see every ticket. */
export const seesAll = (actor: Actor) => actor.type === 'system' || hasRole(actor, MANAGER_ROLES);

/**
 * The one rule for who may see a ticket, as SQL: an agent sees tickets assigned to them, tickets of their
 * teams, and tickets no team owns yet. Undefined means no restriction. `cols` lets the badge counts apply the same
 * rule to their own team and assignee columns.
 */
export function visibleTicketsWhere(actor: Actor, cols: { teamId: AnyPgColumn; assigneeId: AnyPgColumn } = tickets): SQL | undefined {
  if (seesAll(actor) || actor.type !== 'user') return undefined;
  return or(
    eq(cols.assigneeId, actor.id),
    isNull(cols.teamId),
    sql`${cols.teamId} in (select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.userId} = ${actor.id})`,
  );
}

/** The same rule for one loaded row. */
export async function canSeeTicket(db: DbOrTx, actor: Actor, t: Pick<TicketRow, 'assigneeId' | 'teamId'>): Promise<boolean> {
  if (seesAll(actor) || actor.type !== 'user') return true;
  if (t.assigneeId === actor.id || t.teamId === null) return true;
  const [member] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, t.teamId), eq(teamMembers.userId, actor.id)));
  return !!member;
}

/**
 * Loads a ticket the actor may see, optionally locking its row for a change. A ticket the actor may not see
 * answers exactly like one that does not exist, so ids cannot be probed.
 */
export async function loadVisibleTicket(db: DbOrTx, actor: Actor, ticketId: string, opts: { lock?: boolean } = {}): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw notFound('Ticket');
  const q = db.select().from(tickets).where(eq(tickets.id, ticketId));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row || !(await canSeeTicket(db, actor, row))) throw notFound('Ticket');
  return row;
}

/** For things reached through a ticket (messages, attachments): an invisible ticket hides them as "not found" too. */
export const asNotFound =
  (what: string) =>
  (err: unknown): never => {
    throw err instanceof ServiceError && err.code === 'NOT_FOUND' ? notFound(what) : err;
  };
