import { z } from 'zod';
import { channelKinds } from '../../db/schema/columns.ts';

export const teamNameField = z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');

export const teamInput = z.strictObject({
  name: teamNameField,
  autoAssign: z.boolean().optional(),
  /** Replying to or resolving an unassigned ticket assigns it to the one who did it (default on). */
  assignOnReply: z.boolean().optional(),
  /** Where escalated tickets of this team go (level 1+); null for none. */
  escalationTeamId: z.uuid('escalationTeamId must be a team id').nullable().optional(),
});
export const teamPatchInput = teamInput.partial();

export const memberInput = z.strictObject({
  skills: z
    .array(z.string().trim().toLowerCase().min(1, 'skills must not contain empty entries').max(50))
    .max(50, 'at most 50 skills')
    .transform((s) => [...new Set(s)]),
  capacity: z.number().int('capacity must be a whole number').min(1, 'capacity must be 1..100').max(100, 'capacity must be 1..100'),
  /** Per-channel limits under the overall capacity (e.g. at most 2 live chats of 10 conversations); absent channels use `capacity`. */
  capacityByChannel: z
    .partialRecord(
      z.enum(channelKinds, 'capacityByChannel keys must be channels: ' + channelKinds.join(', ')),
      z
        .number()
        .int('capacityByChannel values must be whole numbers')
        .min(1, 'capacityByChannel values must be 1..100')
        .max(100, 'capacityByChannel values must be 1..100'),
    )
    .default({}),
});

export type TeamInput = z.input<typeof teamInput>;
export type TeamPatchInput = z.input<typeof teamPatchInput>;
export type MemberInput = z.input<typeof memberInput>;
