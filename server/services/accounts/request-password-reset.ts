import { setTimeout as delay } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ClientInfo } from '../auth/create-session.ts';
import { enforceRateLimit, hitRateLimits } from '../auth/rate-limit.ts';
import { parseInput } from '../parse-input.ts';
import { emailField } from '../users/user-input.ts';
import { issuePasswordReset } from './issue-password-reset.ts';

export const forgotPasswordInput = z.strictObject({ email: emailField });

/** Links mailed per address, and requests per IP, in an hour. */
export const RESET_REQUESTS_PER_ADDRESS = 3;
export const RESET_REQUESTS_PER_IP = 20;
/** Every answer takes at least this long, so a known address (a write and a queued mail) looks like an unknown one. */
export const RESET_ANSWER_MS = 300;

/**
 * "Forgot password": mails an active user a link to set a new one. The caller learns nothing about whether the
 * address has an account: same answer, same time. Links come from PUBLIC_URL only, never from the request's Host.
 */
export async function requestPasswordReset(ctx: ServiceContext, raw: unknown, client: ClientInfo = {}): Promise<void> {
  const started = performance.now();
  try {
    const { email } = parseInput(forgotPasswordInput, raw, 'request');
    const now = ctx.now();
    const keys = [`reset:email:${email}`, ...(client.ip ? [`reset:ip:${client.ip}`] : [])];
    const [byEmail, byIp] = await hitRateLimits(ctx.db, keys, 60 * 60_000, now);
    enforceRateLimit([byEmail!], RESET_REQUESTS_PER_ADDRESS, now, 'password reset requests for this address');
    if (byIp) enforceRateLimit([byIp], RESET_REQUESTS_PER_IP, now, 'password reset requests');
    const [user] = await ctx.db.select({ id: users.id, active: users.active }).from(users).where(eq(users.email, email));
    if (!user?.active) return;
    await ctx.db.transaction(async (tx) => {
      await issuePasswordReset(ctx, tx, user.id);
      const data = { requested: true };
      await recordAudit(
        tx,
        systemActor('password-reset'),
        { action: 'user.password_reset_requested', targetType: 'user', targetId: user.id, data },
        client,
      );
    });
  } finally {
    await delay(Math.max(0, RESET_ANSWER_MS - (performance.now() - started)));
  }
}
