import { z } from '@hono/zod-openapi';
import { errorCodes } from '../errors.ts';
import { macroScopes } from '../services/macros/input.ts';
import { ticketView } from './ticket-schemas.ts';

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

export const macroChange = z
  .object({
    type: z.string().openapi({ description: 'The action (as in GET /api/automation/catalog)' }),
    from: z.string().nullable().optional(),
    to: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    text: z.string().optional().openapi({ description: 'A reply or note with its placeholders filled for this ticket' }),
    subject: z.string().optional(),
    hours: z.number().optional(),
    field: z.string().optional().openapi({ description: 'set_field: ticket.<key> or customer.<key>' }),
    unchanged: z.boolean().openapi({ description: 'The ticket is already so: nothing would change' }),
  })
  .openapi('MacroChange');

export const refusal = z.object({ code: z.enum(errorCodes), message: z.string() });

export const macroPreview = z
  .object({
    macro: z.object({ id: z.string(), name: z.string() }),
    tickets: z.array(
      z.union([
        z.object({
          ticketId: z.string(),
          number: z.number().int(),
          subject: z.string(),
          result: z.literal('ok'),
          changes: z.array(macroChange),
        }),
        z.object({ ticketId: z.string(), result: z.literal('refused'), error: refusal }),
      ]),
    ),
  })
  .openapi('MacroPreview');

export const macroApplyResult = z
  .object({
    applied: z.number().int(),
    refused: z.number().int(),
    results: z.array(
      z.union([
        z.object({ ticketId: z.string(), result: z.literal('applied'), ticket: ticketView }),
        z.object({ ticketId: z.string(), result: z.literal('refused'), error: refusal }),
      ]),
    ),
  })
  .openapi('MacroApplyResult');

export const macroActionCatalogView = z
  .object({
    actions: z.array(
      z.object({
        type: z.string(),
        params: z.array(z.object({ name: z.string(), kind: z.string(), required: z.boolean() })),
        macro: z.boolean(),
      }),
    ),
    enums: z.object({ statuses: z.array(z.string()), priorities: z.array(z.string()) }),
    fields: z
      .array(
        z.object({
          entity: z.enum(['ticket', 'customer']),
          key: z.string(),
          type: z.string(),
          labels: z.object({ en: z.string(), 'zh-CN': z.string().optional() }),
          options: z.array(z.string()),
        }),
      )
      .openapi({ description: 'Custom fields a set_field action may set' }),
  })
  .openapi('MacroActionCatalog');
