import { and, asc, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { invitations } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { presentInvitation, type InvitationView } from './present-invitation.ts';

/** Invitations neither accepted nor revoked (expired ones too: an admin resends or revokes them). */
export async function listInvitations(ctx: ServiceContext, actor: Actor): Promise<InvitationView[]> {
  requireRole(actor, ['admin'], 'Listing invitations');
  const rows = await ctx.db
    .select()
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.email));
  const now = ctx.now();
  return rows.map((r) => presentInvitation(r, now));
}
