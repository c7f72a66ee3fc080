import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import type { Actor } from '../services/actor.ts';
import { deleteSession } from '../services/auth/create-session.ts';
import { login } from '../services/auth/login.ts';
import { completeTwoFactorLogin } from '../services/two-factor/login-challenge.ts';
import { codeInput } from '../services/two-factor/setup.ts';
import { getUser } from '../services/users/get-user.ts';
import { getTwoFactorStatus } from '../services/two-factor/status.ts';
import { isSetupRequired, setupFirstAdmin, setupInput } from '../services/users/setup-first-admin.ts';
import { clientInfo } from './client-info.ts';
import { nullableRef } from './nullable-ref.ts';
import { createRouter, errors, json } from './router.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.ts';
import { clearChallengeCookie, readChallengeCookie, setChallengeCookie } from './two-factor-cookie.ts';
import { conflictResponse, rateLimitedResponse, signedIn, userView } from './user-schemas.ts';

const codeAsked = z
  .object({ twoFactorRequired: z.literal(true), expiresAt: z.string() })
  .openapi('TwoFactorRequired', { description: 'The password was right; send a code to /auth/login/two-factor' });

const status = createRoute({
  method: 'get',
  path: '/status',
  tags: ['auth'],
  summary: 'Whether the install needs its first admin, who is signed in, and the CSRF token for cookie writes',
  responses: {
    200: json(
      z
        .object({
          setupRequired: z.boolean(),
          user: nullableRef(userView),
          csrfToken: z.string().nullable(),
          twoFactorSetupRequired: z.boolean().openapi({ description: 'Your role requires two-factor and you have none: set it up first' }),
        })
        .openapi('AuthStatus'),
      'Status',
    ),
  },
});

const setup = createRoute({
  method: 'post',
  path: '/setup',
  tags: ['auth'],
  summary: 'Create the first admin of a fresh install and sign them in (409 once any user exists)',
  request: { body: { required: true, content: { 'application/json': { schema: setupInput } } } },
  responses: { 201: json(signedIn, 'Admin created and signed in'), ...errors, ...conflictResponse },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with email and password; sets the HttpOnly sb_session cookie, or asks for a two-factor code',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            email: z.string().min(1, 'email is required').max(320),
            password: z.string().min(1, 'password is required').max(256),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.union([signedIn, codeAsked]), 'Signed in, or a two-factor code is needed next'),
    ...errors,
    ...rateLimitedResponse,
  },
});

const loginCode = createRoute({
  method: 'post',
  path: '/login/two-factor',
  tags: ['auth'],
  summary: 'Second step of sign-in: a code of the authenticator app or a recovery code; sets sb_session',
  request: { body: { required: true, content: { 'application/json': { schema: codeInput } } } },
  responses: { 200: json(signedIn, 'Signed in'), ...errors, ...rateLimitedResponse },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'End this session and clear the cookie',
  security: [{ session: [] }],
  responses: { 204: { description: 'Signed out' }, ...errors },
});

async function needsTwoFactorSetup(ctx: ServiceContext, actor: Actor): Promise<boolean> {
  const s = await getTwoFactorStatus(ctx, actor);
  return s.required && !s.enabled;
}

export const authRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(status, async (c) => {
      const actor = c.get('actor');
      const user = actor?.type === 'user' ? await getUser(ctx, actor.id) : null;
      const setupRequired = user ? false : await isSetupRequired(ctx);
      const twoFactorSetupRequired =
        actor?.type === 'user' && c.get('authKind') === 'session' ? await needsTwoFactorSetup(ctx, actor) : false;
      return c.json({ setupRequired, user, csrfToken: c.get('csrfToken'), twoFactorSetupRequired }, 200);
    })
    .openapi(setup, async (c) => {
      const client = clientInfo(c, ctx.config);
      const { user, session } = await setupFirstAdmin(ctx, c.req.valid('json'), client);
      setSessionCookie(c, ctx.config, session.rawId);
      return c.json({ user, csrfToken: session.csrfToken }, 201);
    })
    .openapi(loginRoute, async (c) => {
      const client = { ...clientInfo(c, ctx.config), previousRawSessionId: readSessionCookie(c) };
      const result = await login(ctx, c.req.valid('json'), client);
      if ('challenge' in result) {
        setChallengeCookie(c, ctx.config, result.challenge.rawId);
        return c.json({ twoFactorRequired: true as const, expiresAt: result.challenge.expiresAt.toISOString() }, 200);
      }
      setSessionCookie(c, ctx.config, result.session.rawId);
      return c.json({ user: result.user, csrfToken: result.session.csrfToken }, 200);
    })
    .openapi(loginCode, async (c) => {
      const client = { ...clientInfo(c, ctx.config), previousRawSessionId: readSessionCookie(c) };
      const { user, session } = await completeTwoFactorLogin(ctx, readChallengeCookie(c), c.req.valid('json'), client);
      clearChallengeCookie(c, ctx.config);
      setSessionCookie(c, ctx.config, session.rawId);
      return c.json({ user, csrfToken: session.csrfToken }, 200);
    })
    .openapi(logout, async (c) => {
      const sessionId = c.get('sessionId');
      if (sessionId) await deleteSession(ctx.db, sessionId);
      clearSessionCookie(c, ctx.config);
      return c.body(null, 204);
    });
