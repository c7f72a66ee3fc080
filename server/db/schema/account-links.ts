import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns.ts';
import { users, type Role } from './users.ts';

/**
 * A mailed "set a new password" link. Only the SHA-256 of the signed link token is kept; the row is deleted when
 * the link is used or a newer one is sent, so a link works once and only the latest works.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/**
 * An admin's invitation of a colleague by email, with the roles and teams they get on accepting. `sendCount` is
 * part of the signed token: a resend makes a new link and the old one dead. One pending invitation per address.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    email: text('email').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    teamIds: uuid('team_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    locale: text('locale').notNull().default('en'),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    tokenHash: text('token_hash').notNull(),
    sendCount: integer('send_count').notNull().default(1),
    createdAt: createdAt(),
    sentAt: ts('sent_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('invitations_pending_email_key')
      .on(t.email)
      .where(sql`accepted_at is null and revoked_at is null`),
  ],
);
