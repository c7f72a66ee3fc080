import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { invitations } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { linkToken } from '../auth/link-token.ts';
import { isUuid } from '../is-uuid.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { INVITATION_TTL_MS, type LinkOrigin } from './create-invitation.ts';
import { presentInvitation, type InvitationView } from './present-invitation.ts';

const pending = (id: string) => and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/** Mails a new link (valid 7 days from now); the link sent before stops working. */
export async function resendInvitation(ctx: ServiceContext, actor: Actor, id: string, origin: LinkOrigin = {}): Promise<InvitationView> {
  requireRole(actor, ['admin'], 'Resending invitations');
  if (!isUuid(id)) throw notFound('Invitation');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [before] = await tx.select().from(invitations).where(pending(id)).for('update');
    if (!before) throw notFound('Invitation');
    const version = before.sendCount + 1;
    const [row] = await tx
      .update(invitations)
      .set({
        sendCount: sql`${invitations.sendCount} + 1`,
        tokenHash: linkToken(ctx, 'invitation', id, version).hash,
        sentAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      })
      .where(eq(invitations.id, id))
      .returning();
    await enqueue(tx, 'account.email', { kind: 'invitation', id, version, linkBase: origin.linkBase ?? null });
    await recordAudit(
      tx,
      actor,
      { action: 'invitation.resent', targetType: 'invitation', targetId: id, data: { email: row!.email } },
      origin,
    );
    return presentInvitation(row!, now);
  });
}

/** The invitation's link stops working; the address may be invited again. */
export async function revokeInvitation(ctx: ServiceContext, actor: Actor, id: string, origin: LinkOrigin = {}): Promise<void> {
  requireRole(actor, ['admin'], 'Revoking invitations');
  if (!isUuid(id)) throw notFound('Invitation');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(invitations).set({ revokedAt: ctx.now() }).where(pending(id)).returning();
    if (!row) throw notFound('Invitation');
    await recordAudit(
      tx,
      actor,
      { action: 'invitation.revoked', targetType: 'invitation', targetId: id, data: { email: row.email } },
      origin,
    );
  });
}
