import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { passwordResets } from '../../db/schema/index.ts';
import { linkToken } from '../auth/link-token.ts';
import { enqueue } from '../outbox/enqueue.ts';

export const RESET_LINK_TTL_MS = 60 * 60_000;

/** A new reset link for `userId`, mailed after commit; any older link of theirs stops working. */
export async function issuePasswordReset(ctx: ServiceContext, tx: Tx, userId: string, linkBase: string | null = null): Promise<void> {
  await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
  const id = crypto.randomUUID();
  const now = ctx.now();
  const { hash } = linkToken(ctx, 'password-reset', id);
  await tx
    .insert(passwordResets)
    .values({ id, userId, tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS) });
  await enqueue(tx, 'account.email', { kind: 'password_reset', id, version: 1, linkBase });
}
