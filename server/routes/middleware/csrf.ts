import { createMiddleware } from 'hono/factory';
import { ServiceError } from '../../errors.ts';
import { safeEqual } from '../../services/auth/secrets.ts';
import type { AppEnv } from '../env.ts';
import { publicApiPaths } from './require-sign-in.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token (the console reads it from
 * /api/auth/status). API-token requests carry no ambient credential and need none. On public paths (sign-in,
 * setup, help-center feedback) a write without the token is served as anonymous instead: the cookie grants nothing.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('authKind') !== 'session' || SAFE_METHODS.has(c.req.method)) return next();
  const sent = c.req.header('x-csrf-token');
  const expected = c.get('csrfToken');
  if (sent && expected && safeEqual(sent, expected)) return next();

  const rel = c.req.path.replace(/^\/api/, '');
  if (publicApiPaths.some((p) => p.test(rel))) {
    c.set('actor', null);
    c.set('authKind', null);
    c.set('sessionId', null);
    c.set('csrfToken', null);
    return next();
  }
  throw new ServiceError(
    'FORBIDDEN',
    sent
      ? 'The X-CSRF-Token header does not match this session; reload the console'
      : 'Missing X-CSRF-Token header: cookie-authenticated writes must send the token from /api/auth/status',
  );
});
