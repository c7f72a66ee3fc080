import { boolean, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, type ChannelKind } from './columns.ts';
import { users } from './users.ts';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    name: text('name').notNull(),
    autoAssign: boolean('auto_assign').notNull().default(true),
    /** Replying to or resolving an unassigned ticket of the team assigns it to the one who did it. */
    assignOnReply: boolean('assign_on_reply').notNull().default(true),
    escalationTeamId: uuid('escalation_team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('teams_name_key').on(t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skills: text('skills').array().notNull().default([]),
    /** Max concurrent open conversations; per-channel overrides live in capacityByChannel. */
    capacity: integer('capacity').notNull().default(10),
    capacityByChannel: jsonb('capacity_by_channel').$type<Partial<Record<ChannelKind, number>>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);
