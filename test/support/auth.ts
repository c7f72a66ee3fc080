import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../../server/context.ts';
import { users, type Role } from '../../server/db/schema/index.ts';
import { hashPassword } from '../../server/services/auth/password.ts';
import type { TestApp } from './http.ts';

export const TEST_PASSWORD = 'correct horse battery';

/** A user with a real argon2 password, who can sign in through /api/auth/login. */
export async function buildPasswordUser(
  ctx: ServiceContext,
  overrides: { roles?: Role[]; email?: string; password?: string; active?: boolean } = {},
) {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 8)}@switchboard.test`;
  const password = overrides.password ?? TEST_PASSWORD;
  const [user] = await ctx.db
    .insert(users)
    .values({
      email,
      name: `User ${email.split('@')[0]}`,
      roles: overrides.roles ?? ['agent'],
      passwordHash: await hashPassword(password),
      active: overrides.active ?? true,
    })
    .returning();
  return { user: user!, email, password };
}

/** Node's socket peer as @hono/node-server passes it, so app.request() can stand in for a real client IP. */
export const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

export function sessionCookieOf(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const m = /^sb_session=([^;]*)/.exec(line);
    if (m) return m[1] || null;
  }
  return null;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a cookie-authenticated write: cookie, CSRF token, JSON. */
  headers: Record<string, string>;
}

export async function signIn(app: TestApp, email: string, password: string, ip = '10.0.0.1'): Promise<SignedIn> {
  const res = await app.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) },
    fromIp(ip),
  );
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const raw = sessionCookieOf(res);
  if (!raw) throw new Error('sign-in set no sb_session cookie');
  const cookie = `sb_session=${raw}`;
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' } };
}
