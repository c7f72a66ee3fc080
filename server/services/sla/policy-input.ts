import { z } from 'zod';
import { breachActions, priorities } from '../../db/schema/index.ts';

// A year of business minutes is more than any promise a contact center makes.
const minutes = z.number().int().min(1).max(525_600);

const target = z.strictObject({
  firstResponse: minutes.optional(),
  nextResponse: minutes.optional(),
  resolution: minutes.optional(),
});

export const policyFields = {
  name: z.string().trim().min(1).max(200),
  /** Null: the default policy for teams without their own. */
  teamId: z.uuid().nullable().default(null),
  /** Null: the clock runs around the clock. */
  calendarId: z.uuid().nullable().default(null),
  targets: z.strictObject(
    Object.fromEntries(priorities.map((p) => [p, target.optional()])) as Record<(typeof priorities)[number], z.ZodOptional<typeof target>>,
  ),
  warnAtPercent: z.number().int().min(1).max(99).default(80),
  breachAction: z.enum(breachActions).default('supervisor_alert'),
  raisePriority: z.boolean().default(true),
  notifyEmail: z.boolean().default(false),
};

export const createPolicyInput = z.strictObject(policyFields);
export const updatePolicyInput = z
  .strictObject({
    name: policyFields.name,
    teamId: z.uuid().nullable(),
    calendarId: z.uuid().nullable(),
    targets: policyFields.targets,
    warnAtPercent: z.number().int().min(1).max(99),
    breachAction: z.enum(breachActions),
    raisePriority: z.boolean(),
    notifyEmail: z.boolean(),
  })
  .partial();
export type CreatePolicyInput = z.input<typeof createPolicyInput>;
export type UpdatePolicyInput = z.input<typeof updatePolicyInput>;
