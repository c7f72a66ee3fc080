import { createMiddleware } from 'hono/factory';
import { ServiceError } from '../../errors.ts';
import type { AppEnv } from '../env.ts';

/** /api paths (relative to /api) that answer without a session or token; everything else is refused first. */
export const publicApiPaths: RegExp[] = [
  /^\/openapi\.json$/,
  /^\/auth\/(login|setup|status)$/,
  /^\/public\/kb\//,
  /^\/auth\/login\/two-factor$/,
  /^\/auth\/(forgot-password|password-reset\/[^/]+|invitations\/[^/]+)$/,
];

/** Runs before any validation, so an anonymous caller learns nothing about the input a route expects. */
export const requireSignIn = createMiddleware<AppEnv>(async (c, next) => {
  const rel = c.req.path.replace(/^\/api/, '');
  if (!c.get('actor') && !publicApiPaths.some((p) => p.test(rel))) {
    throw new ServiceError('UNAUTHENTICATED', 'Sign in or send an API token (Authorization: Bearer ...)');
  }
  await next();
});
