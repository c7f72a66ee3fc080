import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServiceContext } from '../context.ts';
import { roles } from '../db/schema/index.ts';
import { sendPasswordReset } from '../services/accounts/send-password-reset.ts';
import { resendInvitation, revokeInvitation } from '../services/invitations/change-invitation.ts';
import { createInvitation, createInvitationInput } from '../services/invitations/create-invitation.ts';
import { listInvitations } from '../services/invitations/list-invitations.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflictResponse, idParam, signedInSecurity } from './user-schemas.ts';

const invitationView = z
  .object({
    id: z.string(),
    email: z.string(),
    roles: z.array(z.enum(roles)),
    teamIds: z.array(z.string()),
    locale: z.string(),
    invitedBy: z.string().nullable(),
    sentAt: z.string(),
    expiresAt: z.string(),
    expired: z.boolean(),
  })
  .openapi('Invitation');
const security = signedInSecurity;
const idParams = z.object({ id: idParam('id') });

const list = createRoute({
  method: 'get',
  path: '/invitations',
  tags: ['users'],
  summary: 'Pending invitations (admin)',
  security,
  responses: { 200: json(z.object({ invitations: z.array(invitationView) }), 'Pending invitations'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/invitations',
  tags: ['users'],
  summary: 'Invite a colleague by email with roles and teams (admin); refused for an address that has an account',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createInvitationInput } } } },
  responses: { 201: json(z.object({ invitation: invitationView }), 'Invited'), ...errors, ...conflictResponse },
});

const resend = createRoute({
  method: 'post',
  path: '/invitations/{id}/resend',
  tags: ['users'],
  summary: 'Mail a new invitation link, valid 7 days; the old link stops working (admin)',
  security,
  request: { params: idParams },
  responses: { 200: json(z.object({ invitation: invitationView }), 'Resent'), ...errors },
});

const revoke = createRoute({
  method: 'delete',
  path: '/invitations/{id}',
  tags: ['users'],
  summary: 'Revoke a pending invitation; its link stops working (admin)',
  security,
  request: { params: idParams },
  responses: { 204: { description: 'Revoked' }, ...errors },
});

const forceReset = createRoute({
  method: 'post',
  path: '/users/{id}/password-reset',
  tags: ['users'],
  summary: 'Sign a user out everywhere, stop their password working and mail them a reset link (admin)',
  security,
  request: { params: idParams },
  responses: { 202: { description: 'Signed out; reset link on its way' }, ...errors, ...conflictResponse },
});

/** The link in the mail: PUBLIC_URL when set, else the console address the (signed-in, same-origin) admin used. */
const origin = (c: Context, ctx: ServiceContext) => ({ ip: clientInfo(c, ctx.config).ip, linkBase: new URL(c.req.url).origin });

export const invitationRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ invitations: await listInvitations(ctx, requireActor(c)) }, 200))
    .openapi(create, async (c) => {
      const invitation = await createInvitation(ctx, requireActor(c), c.req.valid('json'), origin(c, ctx));
      return c.json({ invitation }, 201);
    })
    .openapi(resend, async (c) => {
      const invitation = await resendInvitation(ctx, requireActor(c), c.req.valid('param').id, origin(c, ctx));
      return c.json({ invitation }, 200);
    })
    .openapi(revoke, async (c) => {
      await revokeInvitation(ctx, requireActor(c), c.req.valid('param').id, origin(c, ctx));
      return c.body(null, 204);
    })
    .openapi(forceReset, async (c) => {
      await sendPasswordReset(ctx, requireActor(c), c.req.valid('param').id, origin(c, ctx));
      return c.body(null, 202);
    });
