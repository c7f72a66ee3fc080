import { z } from '@hono/zod-openapi';
import { macroScopes } from '../services/macros/input.ts';

export const macroView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    scope: z.enum(macroScopes),
    ownerId: z.string().nullable().openapi({ description: 'The agent a personal macro belongs to; null for a shared one' }),
    createdById: z.string().nullable(),
    actions: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'Actions as in GET /api/automation/catalog' }),
    useCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Macro');

export const macroParams = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
