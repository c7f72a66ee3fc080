import type { invitations, Role } from '../../db/schema/index.ts';

export interface InvitationView {
  id: string;
  email: string;
  roles: Role[];
  teamIds: string[];
  locale: string;
  invitedBy: string | null;
  sentAt: string;
  expiresAt: string;
  /** Past its expiry: a resend makes a new link. */
  expired: boolean;
}

export function presentInvitation(row: typeof invitations.$inferSelect, now: Date): InvitationView {
  return {
    id: row.id,
    email: row.email,
    roles: row.roles,
    teamIds: row.teamIds,
    locale: row.locale,
    invitedBy: row.invitedBy,
    sentAt: row.sentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt <= now,
  };
}
