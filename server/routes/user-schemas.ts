import { z } from '@hono/zod-openapi';
import { presences, roles, TOKEN_SCOPES } from '../db/schema/index.ts';
import { json, errorBody } from './router.ts';

export const userView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.enum(roles)),
    locale: z.string(),
    timeZone: z.string(),
    avatarUrl: z.string().nullable(),
    active: z.boolean(),
    presence: z.enum(presences),
  })
  .openapi('User');

export const colleagueView = userView.omit({ email: true, locale: true, timeZone: true }).openapi('Colleague');

export const signedIn = z.object({ user: userView, csrfToken: z.string() }).openapi('SignedIn');

export const apiTokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiToken');

export const idParam = (name: string) =>
  z.string().openapi({ param: { name, in: 'path' }, example: '00000000-0000-4000-8000-000000000000' });

export const conflictResponse = { 409: json(errorBody, 'Conflicts with existing data (e.g. a name or email in use)') } as const;
export const rateLimitedResponse = {
  429: {
    ...json(errorBody, 'Too many attempts; see the Retry-After header'),
    headers: { 'Retry-After': { schema: { type: 'integer' as const } } },
  },
} as const;

/** Routes any signed-in caller may use, from the console (cookie) or an integration (token). */
export const signedInSecurity: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
