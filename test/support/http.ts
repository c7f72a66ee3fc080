import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../server/db/schema/index.ts';
import { apiTokens } from '../../server/db/schema/index.ts';
import { createApp } from '../../server/app.ts';
import type { ServiceContext } from '../../server/context.ts';
import { buildUser } from './factories.ts';

/**
 * A user with the given roles and a personal API token, for `app.request()` tests.
 * Token format and storage (sha256 hex of the whole token) are the API token contract in server/services/auth.
 */
export async function buildTokenUser(ctx: ServiceContext, roles: Role[] = ['agent']) {
  const user = await buildUser(ctx, { roles });
  const token = `sbt_${randomBytes(24).toString('base64url')}`;
  await ctx.db.insert(apiTokens).values({
    userId: user.id,
    name: 'test',
    prefix: token.slice(0, 8),
    tokenHash: createHash('sha256').update(token).digest('hex'),
    scopes: ['read', 'write', 'ingest'],
    // As if used a moment ago: a first use would add an 'api_token.used' audit entry to every test that reads the log.
    lastUsedAt: ctx.now(),
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return { user, token, headers };
}

export function buildApp(ctx: ServiceContext) {
  return createApp(ctx);
}

/** A response whose json() tests may read without casts (Node's fetch types say `unknown`). */
export interface TestResponse extends Response {
  json(): Promise<any>;
}
export interface TestApp {
  request(input: string, init?: RequestInit, env?: unknown): Promise<TestResponse>;
}

/** `app.request()` for tests: always a promise, JSON bodies typed loosely. */
export function testApp(app: ReturnType<typeof buildApp>): TestApp {
  return {
    request: async (input, init, env) => (await app.request(input, init, env as never)) as TestResponse,
  };
}
