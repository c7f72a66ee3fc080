import { boolean, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';

export const roles = ['admin', 'supervisor', 'agent', 'editor'] as const;
export type Role = (typeof roles)[number];
export const presences = ['online', 'away', 'offline'] as const;
export type Presence = (typeof presences)[number];

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone').notNull().default('UTC'),
    avatarUrl: text('avatar_url'),
    active: boolean('active').notNull().default(true),
    presence: text('presence').$type<Presence>().notNull().default('offline'),
    presenceChangedAt: ts('presence_changed_at').notNull().defaultNow(),
    /** Which notification kinds also reach the user by email, e.g. { "mention": true }; absent means no email. */
    emailNotifications: jsonb('email_notifications').$type<Record<string, boolean>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);
