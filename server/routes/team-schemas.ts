import { z } from '@hono/zod-openapi';

export const teamMemberView = z
  .object({
    userId: z.string(),
    name: z.string(),
    skills: z.array(z.string()),
    capacity: z.number().int(),
    capacityByChannel: z
      .record(z.string(), z.number().int())
      .openapi({ description: 'Per-channel limits; channels not listed use capacity' }),
  })
  .openapi('TeamMember');

export const teamView = z
  .object({
    id: z.string(),
    name: z.string(),
    autoAssign: z.boolean(),
    assignOnReply: z
      .boolean()
      .openapi({ description: 'Replying to or resolving an unassigned ticket of the team assigns it to the one who did it' }),
    escalationTeamId: z.string().nullable(),
    members: z.array(teamMemberView),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Team');
