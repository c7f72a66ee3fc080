import { OpenAPIHono, z } from '@hono/zod-openapi';
import { errorCodes } from '../errors.ts';
import { invalidInput } from '../invalid-input.ts';
import type { AppEnv } from './env.ts';

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.unknown().optional(),
      retryAfterMs: z.number().int().optional(),
    }),
  })
  .openapi('Error');

/** Every resource router: zod validation failures become the one error shape (via onError), naming the field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.target, result.error);
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
