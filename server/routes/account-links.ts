import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { forgotPasswordInput, requestPasswordReset } from '../services/accounts/request-password-reset.ts';
import { checkPasswordReset, resetPassword, resetPasswordInput } from '../services/accounts/reset-password.ts';
import { acceptInvitation, acceptInvitationInput, checkInvitation } from '../services/invitations/accept-invitation.ts';
import { clientInfo } from './client-info.ts';
import { createRouter, errorBody, errors, json } from './router.ts';
import { setSessionCookie } from './session-cookie.ts';
import { conflictResponse, rateLimitedResponse, signedIn } from './user-schemas.ts';

const gone = { 410: json(errorBody, 'The link expired, was used, replaced or revoked') } as const;
const tokenParam = z.object({
  token: z
    .string()
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

const forgot = createRoute({
  method: 'post',
  path: '/forgot-password',
  tags: ['auth'],
  summary: 'Mail a link to set a new password; the same 202 whether or not the address has an account',
  request: { body: { required: true, content: { 'application/json': { schema: forgotPasswordInput } } } },
  responses: { 202: { description: 'If the address has an account, a link is on its way' }, ...errors, ...rateLimitedResponse },
});

const checkReset = createRoute({
  method: 'get',
  path: '/password-reset/{token}',
  tags: ['auth'],
  summary: 'Whether a password reset link still works, and for which address',
  request: { params: tokenParam },
  responses: { 200: json(z.object({ email: z.string() }), 'The link works'), ...errors, ...gone },
});

const reset = createRoute({
  method: 'post',
  path: '/password-reset/{token}',
  tags: ['auth'],
  summary: 'Set a new password from a mailed link (once); every session of the user is signed out',
  request: { params: tokenParam, body: { required: true, content: { 'application/json': { schema: resetPasswordInput } } } },
  responses: { 200: json(z.object({ email: z.string() }), 'Password set: sign in with it'), ...errors, ...gone },
});

const checkInvite = createRoute({
  method: 'get',
  path: '/invitations/{token}',
  tags: ['auth'],
  summary: 'Whether an invitation link still works, for which address and language',
  request: { params: tokenParam },
  responses: { 200: json(z.object({ email: z.string(), locale: z.string() }), 'The invitation is open'), ...errors, ...gone },
});

const accept = createRoute({
  method: 'post',
  path: '/invitations/{token}',
  tags: ['auth'],
  summary: 'Accept an invitation with a name and password; signs the new user in with its roles and teams',
  request: { params: tokenParam, body: { required: true, content: { 'application/json': { schema: acceptInvitationInput } } } },
  responses: { 201: json(signedIn, 'Account created and signed in'), ...errors, ...gone, ...conflictResponse },
});

/** The pages a signed-out person reaches from a mail: forgot password, reset link, invitation link. */
export const accountLinkRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(forgot, async (c) => {
      await requestPasswordReset(ctx, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.body(null, 202);
    })
    .openapi(checkReset, async (c) => c.json(await checkPasswordReset(ctx, c.req.valid('param').token), 200))
    .openapi(reset, async (c) => {
      const done = await resetPassword(ctx, c.req.valid('param').token, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json(done, 200);
    })
    .openapi(checkInvite, async (c) => c.json(await checkInvitation(ctx, c.req.valid('param').token), 200))
    .openapi(accept, async (c) => {
      const { user, session } = await acceptInvitation(ctx, c.req.valid('param').token, c.req.valid('json'), clientInfo(c, ctx.config));
      setSessionCookie(c, ctx.config, session.rawId);
      return c.json({ user, csrfToken: session.csrfToken }, 201);
    });
