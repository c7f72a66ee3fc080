import { z } from 'zod';
import { customFieldEntities, customFieldTypes } from '../../db/schema/index.ts';

const label = z.string().trim().min(1, 'required').max(100);
const optionalLabel = z
  .string()
  .trim()
  .max(100)
  .transform((s) => s || undefined)
  .optional();
const helpText = z
  .string()
  .trim()
  .max(500)
  .transform((s) => s || undefined)
  .optional();

export const fieldKey = z
  .string()
  .trim()
  .min(1, 'required')
  .max(50)
  .regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _, starting with a letter (e.g. contract_tier)');

export const fieldLabels = z.strictObject({ en: label, 'zh-CN': optionalLabel });
export const fieldHelp = z.strictObject({ en: helpText, 'zh-CN': helpText });
export const fieldOption = z.strictObject({
  value: z.string().trim().min(1, 'required').max(100),
  labels: z.strictObject({ en: label, 'zh-CN': optionalLabel }),
});

const options = z
  .array(fieldOption)
  .max(200)
  .refine((list) => new Set(list.map((o) => o.value)).size === list.length, 'option values must be unique');

const fieldBody = {
  type: z.enum(customFieldTypes),
  labels: fieldLabels,
  help: fieldHelp.optional(),
  options: options.optional(),
  requiredToResolve: z.boolean().optional(),
  customerVisible: z.boolean().optional(),
  agentEditable: z.boolean().optional(),
};

export const createFieldInput = z.strictObject({ entity: z.enum(customFieldEntities), key: fieldKey, ...fieldBody });
export const updateFieldInput = z.strictObject({
  ...fieldBody,
  type: fieldBody.type.optional(),
  labels: fieldLabels.optional(),
});
export const reorderFieldsInput = z.strictObject({
  entity: z.enum(customFieldEntities),
  ids: z.array(z.uuid()).min(1).max(500),
});

export const hasOptions = (type: string) => type === 'select' || type === 'multi_select';
