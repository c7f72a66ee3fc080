import { z } from 'zod';
import { MAX_BULK_TICKETS } from '../tickets/bulk-update.ts';
import { macroActionList } from './actions.ts';

export const macroScopes = ['personal', 'shared'] as const;
export type MacroScope = (typeof macroScopes)[number];

const name = z.string().trim().min(1, 'name must not be empty').max(120, 'name must be at most 120 characters');
const description = z.string().trim().max(500, 'description must be at most 500 characters').nullable();

export const createMacroInput = z.strictObject({
  name,
  description: description.optional(),
  scope: z.enum(macroScopes, { error: 'scope must be personal or shared' }).default('personal'),
  actions: macroActionList,
});

export const updateMacroInput = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    scope: z.enum(macroScopes, { error: 'scope must be personal or shared' }).optional(),
    actions: macroActionList.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change', path: ['name'] });

export const macroTicketsInput = z.strictObject({
  ticketIds: z
    .array(z.uuid({ message: 'expected a ticket id (uuid)' }))
    .min(1, 'select at least one ticket')
    .max(MAX_BULK_TICKETS, `at most ${MAX_BULK_TICKETS} tickets at once: select fewer and repeat`),
});
