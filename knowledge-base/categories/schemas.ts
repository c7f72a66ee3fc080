import { z } from 'zod';

export const categoryInput = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens')
    .max(120)
    .optional(),
  parentId: z.uuid('parentId must be a category id').nullable().optional(),
  localizedNames: z
    .object({ en: z.string().trim().min(1).max(120).optional(), 'zh-CN': z.string().trim().min(1).max(120).optional() })
    .optional(),
  description: z.string().max(2000).optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export const categoryUpdate = categoryInput.partial();
