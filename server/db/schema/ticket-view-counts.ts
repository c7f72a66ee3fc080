import { bigserial, boolean, integer, pgTable, uuid } from 'drizzle-orm/pg-core';

/**
 * The inbox badges, kept by triggers on tickets (migration 0014): each insert, delete or change of status, team,
 * assignee or spam appends +1/-1 rows for the active tickets it adds or removes, so writers never wait on one
 * another's counter row. Readers sum the rows (count-ticket-views.ts), which fold them back into one per key.
 * No foreign keys: a deleted team's tickets move to "no team" through the same triggers, leaving a zero sum.
 */
export const ticketViewCounts = pgTable('ticket_view_counts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  teamId: uuid('team_id'),
  assigneeId: uuid('assignee_id'),
  spam: boolean('spam').notNull(),
  n: integer('n').notNull(),
});
