import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { invitations, passwordResets, users } from '../../db/schema/index.ts';
import { linkToken } from '../auth/link-token.ts';
import { PermanentJobError, type OutboxHandler } from '../outbox/handlers.ts';
import type { AlertMailer } from '../sla/alert-email.ts';
import { accountMailText } from './mail-texts.ts';

const payload = z.object({
  kind: z.enum(['password_reset', 'invitation']),
  id: z.uuid(),
  version: z.number().int().min(1),
  /** Where the admin who asked reached the console; used only when PUBLIC_URL is not set. */
  linkBase: z.string().nullable(),
});
export type AccountMailJob = z.infer<typeof payload>;

/**
 * Mails a password reset or invitation link. The token is made again from the row (it is stored nowhere); a
 * link that was used, revoked or replaced by a newer one meanwhile is not sent.
 */
export const accountMailHandler = (ctx: ServiceContext, mailer?: AlertMailer): OutboxHandler<AccountMailJob> => ({
  schema: payload,
  async run(p, job) {
    if (!mailer) throw new PermanentJobError('No outgoing mail transport is configured: the account email was not sent');
    const base = ctx.config.PUBLIC_URL ?? p.linkBase;
    if (!base) throw new PermanentJobError('Set PUBLIC_URL: a password reset link needs the address people reach Switchboard at');
    const mail = p.kind === 'password_reset' ? await resetMail(ctx, p, base) : await inviteMail(ctx, p, base);
    if (!mail) return;
    await mailer({ ...mail, messageId: `<account-${job.id}@switchboard.invalid>` });
  },
});

async function resetMail(ctx: ServiceContext, p: AccountMailJob, base: string) {
  const [row] = await ctx.db
    .select({ reset: passwordResets, email: users.email, locale: users.locale })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.id, p.id));
  if (!row || row.reset.expiresAt <= ctx.now()) return null;
  const { token } = linkToken(ctx, 'password-reset', row.reset.id);
  const link = new URL(`/reset/${token}`, base).toString();
  return { to: [row.email], ...accountMailText('reset', row.locale, { email: row.email, link }) };
}

async function inviteMail(ctx: ServiceContext, p: AccountMailJob, base: string) {
  const [row] = await ctx.db
    .select({ invitation: invitations, inviter: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.id, p.id));
  const inv = row?.invitation;
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.sendCount !== p.version || inv.expiresAt <= ctx.now()) return null;
  const { token } = linkToken(ctx, 'invitation', inv.id, inv.sendCount);
  const link = new URL(`/invite/${token}`, base).toString();
  return { to: [inv.email], ...accountMailText('invite', inv.locale, { email: inv.email, link, inviter: row.inviter ?? undefined }) };
}
