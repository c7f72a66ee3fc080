import { z } from 'zod';
import { channelKinds, priorities } from '../../db/schema/index.ts';
import { tagSchema } from '../tags.ts';

const words = z.array(z.string().trim().min(1).max(100)).max(100);
const language = z.string().regex(/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/i, 'must be a language tag such as de or pt-BR');

export const conditionsInput = z.strictObject({
  channels: z.array(z.enum(channelKinds)).max(channelKinds.length).optional(),
  inboxIds: z.array(z.uuid()).max(100).optional(),
  keywords: words.optional(),
  customerTags: z.array(tagSchema).max(50).optional(),
  customerTiers: words.optional(),
  languages: z.array(language).max(50).optional(),
});

export const actionsInput = z
  .strictObject({
    teamId: z.uuid().optional(),
    priority: z.enum(priorities).optional(),
    tags: z.array(tagSchema).max(20).optional(),
    skills: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  })
  .refine(
    (a) => a.teamId || a.priority || a.tags?.length || a.skills?.length,
    'a rule needs at least one action: teamId, priority, tags or skills',
  );

export const createRuleInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  /** 0-based place in the order; omitted: after the last rule. */
  position: z.number().int().min(0).optional(),
  conditions: conditionsInput.default({}),
  actions: actionsInput,
});

export const updateRuleInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean(),
    conditions: conditionsInput,
    actions: actionsInput,
  })
  .partial();

export const reorderRulesInput = z.strictObject({
  /** Every rule id, in the new order. */
  ids: z.array(z.uuid()).max(1000),
});

export type CreateRuleInput = z.input<typeof createRuleInput>;
export type UpdateRuleInput = z.input<typeof updateRuleInput>;
