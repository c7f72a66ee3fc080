import type { Context } from 'hono';
import type { Config } from '../config.ts';

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } }; server?: NodeBindings } | undefined;

/**
 * The caller's IP for rate limits and the audit log: the socket peer, or with TRUST_PROXY=true the last
 * X-Forwarded-For hop (the one our proxy appended; earlier hops are the client's to forge).
 */
export function clientIp(c: Context, config: Config): string | null {
  if (config.TRUST_PROXY === 'true') {
    const hops = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops?.at(-1);
    if (last) return last.slice(0, 100);
  }
  const env = c.env as NodeBindings;
  return (env?.server ?? env)?.incoming?.socket?.remoteAddress ?? null;
}

export function clientInfo(c: Context, config: Config) {
  return { ip: clientIp(c, config), userAgent: c.req.header('user-agent') ?? null };
}
