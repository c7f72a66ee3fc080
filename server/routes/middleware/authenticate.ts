import { createMiddleware } from 'hono/factory';
import type { ServiceContext } from '../../context.ts';
import { ServiceError } from '../../errors.ts';
import { resolveApiToken } from '../../services/api-tokens/resolve-api-token.ts';
import { resolveSession } from '../../services/auth/resolve-session.ts';
import type { AppEnv } from '../env.ts';
import { clientIp } from '../client-info.ts';
import { requireTokenScope } from './token-scope.ts';
import { requireTwoFactorSetupPath } from './two-factor-gate.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../session-cookie.ts';

/**
 * Who is calling: `Authorization: Bearer sbt_...` (an integration, no CSRF needed), else the `sb_session` cookie
 * (the console), else nobody. Roles are read fresh from the user row on every request.
 */
export const authenticate = (ctx: ServiceContext) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('actor', null);
    c.set('authKind', null);
    c.set('sessionId', null);
    c.set('csrfToken', null);
    c.set('tokenScopes', null);

    const authorization = c.req.header('authorization');
    if (authorization) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const token = bearer ? await resolveApiToken(ctx, bearer, { ip: clientIp(c, ctx.config) }) : null;
      // A caller that sent credentials wants to know they are bad, not to be served as anonymous.
      if (!token)
        throw new ServiceError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired (send Authorization: Bearer sbt_...)');
      c.set('actor', token.actor);
      c.set('authKind', 'token');
      c.set('tokenScopes', token.scopes);
      requireTokenScope(c.req.method, c.req.path, token.scopes);
      return next();
    }

    const raw = readSessionCookie(c);
    if (raw) {
      const session = await resolveSession(ctx, raw);
      if (session) {
        c.set('actor', session.actor);
        c.set('authKind', 'session');
        c.set('sessionId', session.sessionId);
        c.set('csrfToken', session.csrfToken);
        if (session.renewed) setSessionCookie(c, ctx.config, raw);
        if (session.twoFactorSetupRequired) requireTwoFactorSetupPath(c.req.path);
      } else {
        clearSessionCookie(c, ctx.config);
      }
    }
    await next();
  });
