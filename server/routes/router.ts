import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { AppEnv } from './env.ts';

export const errorBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');

/** Zod issues as `{ path, message }`, so a client can point at the field that was wrong. */
export function issuesOf(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

export function validationFailed(c: Context, error: ZodError, where: string) {
  const issues = issuesOf(error);
  const first = issues[0];
  const message = first ? `Invalid ${where}: ${first.path || '(root)'}: ${first.message}` : `Invalid ${where}`;
  return c.json({ error: { code: 'VALIDATION', message, details: issues } }, 400);
}

/** Every resource router: zod validation failures become the one error shape, naming the field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationFailed(c, result.error, result.target);
    },
  });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errors = {
  400: json(errorBody, 'Invalid input; `details` names each field'),
  401: json(errorBody, 'Not signed in'),
  403: json(errorBody, 'Signed in without the needed role'),
  404: json(errorBody, 'Not found'),
} as const;
