import { z } from 'zod';
import { cannedScopes } from '../../db/schema/index.ts';
import { placeholderNames, unknownPlaceholders } from './placeholders.ts';

const body = z
  .string()
  .trim()
  .min(1, 'body must not be empty')
  .max(10_000, 'body must be at most 10000 characters')
  .superRefine((value, c) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length) {
      c.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; use one of ${placeholderNames.join(', ')}`,
      });
    }
  });

export const cannedFields = {
  scope: z.enum(cannedScopes, { error: 'scope must be personal or shared' }),
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'shortcut must be 1-40 letters, digits, - or _ (no spaces)'),
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
  body,
};

export const createCannedInput = z.strictObject({ ...cannedFields, scope: cannedFields.scope.default('personal') });
export const updateCannedInput = z
  .strictObject({
    scope: cannedFields.scope.optional(),
    shortcut: cannedFields.shortcut.optional(),
    title: cannedFields.title.optional(),
    body: cannedFields.body.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change', path: ['title'] });
