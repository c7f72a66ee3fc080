import type { ServiceContext } from '../../server/context.ts';
import type { DbOrTx } from '../../server/db/client.ts';
import { hitRateLimits, pruneRateLimits } from '../../server/services/auth/rate-limit.ts';
import { rateLimited } from '../../server/errors.ts';

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
    if (++used > perWindow) throw rateLimited(`Too many ${what}; slow down`, windowStart + windowMs - now);
  };
}

/**
 * Counts one attempt against each key (one statement); over any budget -> RATE_LIMITED with how long to wait.
 * `db` may be the caller's transaction: a refused attempt is then rolled back with it and counts nothing.
 */
export async function spend(
  ctx: ServiceContext,
  what: string,
  budgets: Array<[key: string, max: number]>,
  db: DbOrTx = ctx.db,
): Promise<void> {
  const now = ctx.now();
  // Expired windows hold nothing; clearing them now and then keeps one row per active visitor and IP. Not in
  // the caller's transaction: the delete would wait on other visitors' rows.
  if (Math.random() < 0.01) void pruneRateLimits(ctx.db, now).catch((err: unknown) => ctx.log.warn({ err }, 'rate-limit pruning failed'));
  const hits = await hitRateLimits(
    db,
    budgets.map(([key]) => `widget:${key}`),
    widgetRates.windowMs,
    now,
  );
  const resetAt = Math.max(0, ...hits.filter((h, i) => h.count > budgets[i]![1]).map((h) => h.resetAt.getTime()));
  if (!resetAt) return;
  const retryAfterMs = Math.max(1, resetAt - now.getTime());
  throw rateLimited(`Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
}
