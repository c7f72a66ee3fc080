import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../../server/context.ts';
import { sessions, type Role } from '../../server/db/schema/index.ts';
import { sha256Hex } from '../../server/services/auth/secrets.ts';
import { buildUser } from './factories.ts';

/**
 * A user with a live console session, stored the way server/services/auth stores one (SHA-256 of the cookie).
 * Returns the `sb_session` cookie to send.
 */
export async function buildSessionUser(ctx: ServiceContext, overrides: { roles?: Role[]; name?: string } = {}) {
  const user = await buildUser(ctx, overrides);
  const raw = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.db.insert(sessions).values({
    idHash: sha256Hex(raw),
    userId: user.id,
    csrfToken: randomBytes(16).toString('hex'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  return { user, rawSession: raw, cookie: `sb_session=${raw}` };
}
