import type { ServiceContext } from '../../server/context.ts';
import { hitRateLimit, pruneRateLimits } from '../../server/services/auth/rate-limit.ts';
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

/** Typing and read markers are ephemeral: a per-socket budget in memory (`perWindow` events per `windowMs`). */
export function socketBudget(perWindow: number, windowMs: number) {
  let windowStart = 0;
  let used = 0;
  return (what: string) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      used = 0;
    }
    if (++used > perWindow) throw new WidgetFailure('RATE_LIMITED', `Too many ${what}; slow down`, windowStart + windowMs - now);
  };
}

/** Counts one attempt against each key; over any budget -> RATE_LIMITED with how long to wait. */
export async function spend(ctx: ServiceContext, what: string, budgets: Array<[key: string, max: number]>): Promise<void> {
  const now = ctx.now();
  // Expired windows hold nothing; clearing them now and then keeps one row per active visitor and IP.
  if (Math.random() < 0.01) await pruneRateLimits(ctx.db, now);
  let resetAt = 0;
  for (const [key, max] of budgets) {
    const hit = await hitRateLimit(ctx.db, `widget:${key}`, widgetRates.windowMs, now);
    if (hit.count > max) resetAt = Math.max(resetAt, hit.resetAt.getTime());
  }
  if (!resetAt) return;
  const retryAfterMs = Math.max(1, resetAt - now.getTime());
  throw new WidgetFailure('RATE_LIMITED', `Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
}
