import type { ServiceContext } from '../../server/context.ts';
import { hitRateLimit } from '../../server/services/auth/rate-limit.ts';
import { WidgetFailure } from './errors.ts';

/** Per-minute budgets (fixed windows in the shared rate_limits table, so every node counts together). Tests lower them. */
export const widgetRates = {
  messagesPerVisitor: 20,
  messagesPerIp: 120,
  uploadsPerVisitor: 10,
  uploadsPerIp: 60,
  handshakesPerIp: 120,
  windowMs: 60_000,
};

/** Counts one attempt against each key; over any budget -> RATE_LIMITED with how long to wait. */
export async function spend(ctx: ServiceContext, what: string, budgets: Array<[key: string, max: number]>): Promise<void> {
  const now = ctx.now();
  let resetAt = 0;
  for (const [key, max] of budgets) {
    const hit = await hitRateLimit(ctx.db, `widget:${key}`, widgetRates.windowMs, now);
    if (hit.count > max) resetAt = Math.max(resetAt, hit.resetAt.getTime());
  }
  if (!resetAt) return;
  const retryAfterMs = Math.max(1, resetAt - now.getTime());
  throw new WidgetFailure('RATE_LIMITED', `Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
}
