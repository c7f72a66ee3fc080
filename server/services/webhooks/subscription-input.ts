import { z } from 'zod';
import { processEventNames } from '../process-events/event-names.ts';

export const webhookEventName = z.enum(processEventNames, { message: `must be one of ${processEventNames.join(', ')}` });

export const createSubscriptionInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  url: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters'),
  events: z
    .array(webhookEventName)
    .min(1, 'choose at least one event')
    .transform((e) => [...new Set(e)]),
  enabled: z.boolean().optional(),
});
export type CreateSubscriptionInput = z.input<typeof createSubscriptionInput>;

export const updateSubscriptionInput = createSubscriptionInput.partial();
export type UpdateSubscriptionInput = z.input<typeof updateSubscriptionInput>;
