import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invitations, teams, users } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { linkToken } from '../auth/link-token.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { parseInput } from '../parse-input.ts';
import { emailField, localeField, rolesField } from '../users/user-input.ts';
import { presentInvitation, type InvitationView } from './present-invitation.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export const createInvitationInput = z.strictObject({
  email: emailField,
  roles: rolesField,
  teamIds: z.array(z.uuid('teamIds must hold team ids')).max(50).default([]),
  locale: localeField.optional(),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

export interface LinkOrigin extends RequestOrigin {
  /** The console's address as the admin reached it, for the link when PUBLIC_URL is not set. */
  linkBase?: string | null;
}

/** An admin invites a colleague by email; the mail (in the chosen language) carries a link valid for 7 days. */
export async function createInvitation(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreateInvitationInput,
  origin: LinkOrigin = {},
): Promise<InvitationView> {
  requireRole(actor, ['admin'], 'Inviting colleagues');
  const input = parseInput(createInvitationInput, raw, 'invitation');
  const teamIds = [...new Set(input.teamIds)];
  const invite = () =>
    ctx.db.transaction(async (tx) => {
      await requireFreeAddress(tx, input.email);
      await requireTeams(tx, teamIds);
      const id = crypto.randomUUID();
      const now = ctx.now();
      const [row] = await tx
        .insert(invitations)
        .values({
          id,
          email: input.email,
          roles: input.roles,
          teamIds,
          locale: input.locale ?? 'en',
          invitedBy: actor.type === 'user' ? actor.id : null,
          tokenHash: linkToken(ctx, 'invitation', id, 1).hash,
          createdAt: now,
          sentAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        })
        .returning();
      await enqueue(tx, 'account.email', { kind: 'invitation', id, version: 1, linkBase: origin.linkBase ?? null });
      const data = { email: input.email, roles: input.roles, teamIds };
      await recordAudit(tx, actor, { action: 'invitation.created', targetType: 'invitation', targetId: id, data }, origin);
      return presentInvitation(row!, now);
    });
  try {
    return await invite();
  } catch (err) {
    // Two admins inviting the same address at once: the partial unique index decides.
    if (isUniqueViolation(err, 'invitations_pending_email_key')) throw conflict(`${input.email} is already invited`);
    throw err;
  }
}

async function requireFreeAddress(tx: Tx, email: string) {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (user)
    throw conflict(`${email} already has an account: find them in Settings → Users`, [
      { path: 'email', message: 'already has an account' },
    ]);
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  if (pending)
    throw conflict(`${email} is already invited: resend or revoke that invitation`, [{ path: 'email', message: 'already invited' }]);
}

async function requireTeams(tx: Tx, teamIds: string[]) {
  if (!teamIds.length) return;
  const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds));
  const missing = teamIds.find((id) => !found.some((f) => f.id === id));
  if (missing) throw invalid(`teamIds: no team ${missing}`, [{ path: 'teamIds', message: 'unknown team' }]);
}
