import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invitations, teamMembers, teams, users } from '../../db/schema/index.ts';
import { conflict, ServiceError } from '../../errors.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { createSession, type ClientInfo, type NewSession } from '../auth/create-session.ts';
import { linkTokenId, matchesLinkToken } from '../auth/link-token.ts';
import { hashPassword } from '../auth/password.ts';
import { parseInput } from '../parse-input.ts';
import { presentUser, type UserView } from '../users/present-user.ts';
import { nameField, passwordField } from '../users/user-input.ts';

export const acceptInvitationInput = z.strictObject({ name: nameField, password: passwordField });

const deadLink = () =>
  new ServiceError('GONE', 'This invitation has expired, was revoked or was already used: ask an admin to invite you again');

/** The pending invitation a link token opens, or GONE. */
export async function findInvitation(ctx: ServiceContext, db: DbOrTx, token: string) {
  const id = linkTokenId(token);
  if (!id) throw deadLink();
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  if (!row || !matchesLinkToken(token, row.tokenHash) || row.expiresAt <= ctx.now()) throw deadLink();
  return row;
}

/** The invitee opens the link: their address and language, before choosing a name and password. */
export async function checkInvitation(ctx: ServiceContext, token: string) {
  const row = await findInvitation(ctx, ctx.db, token);
  return { email: row.email, locale: row.locale };
}

/** The invitee chooses their name and password and is signed in with the invitation's roles and teams. */
export async function acceptInvitation(
  ctx: ServiceContext,
  token: string,
  raw: unknown,
  client: ClientInfo & RequestOrigin = {},
): Promise<{ user: UserView; session: NewSession }> {
  const input = parseInput(acceptInvitationInput, raw, 'invitation');
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const inv = await findInvitation(ctx, tx, token);
      const taken = await tx
        .update(invitations)
        .set({ acceptedAt: ctx.now() })
        .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
        .returning();
      if (!taken.length) throw deadLink();
      const [user] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name, roles: inv.roles, passwordHash, locale: inv.locale })
        .returning();
      const actor = { type: 'user' as const, id: user!.id, name: user!.name, roles: user!.roles };
      const data = { email: inv.email, roles: inv.roles, invitationId: inv.id, invitedBy: inv.invitedBy };
      await recordAudit(tx, actor, { action: 'user.created', targetType: 'user', targetId: user!.id, data }, client);
      const live = inv.teamIds.length ? await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, inv.teamIds)) : [];
      for (const { id: teamId } of live) {
        await tx.insert(teamMembers).values({ teamId, userId: user!.id }).onConflictDoNothing();
        await recordAudit(
          tx,
          actor,
          { action: 'team.member_added', targetType: 'team', targetId: teamId, data: { userId: user!.id } },
          client,
        );
      }
      const session = await createSession(ctx, tx, user!.id, client);
      return { user: presentUser(user!), session };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) throw conflict('An account with this email already exists: sign in instead');
    throw err;
  }
}
