import { z } from '@hono/zod-openapi';
import { channelKinds, presences, priorities, slaMetrics, ticketStatuses } from '../db/schema/index.ts';

const waiting = { waiting: z.number().int(), oldestQueuedAt: z.string().nullable() };
const time = z.object({ count: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() });
const boardTicket = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: z.enum(ticketStatuses),
  channel: z.enum(channelKinds),
  priority: z.enum(priorities),
});
const slaTicket = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.enum(priorities),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  metric: z.enum(slaMetrics),
  dueAt: z.string(),
});
const slaList = z.object({ count: z.number().int(), tickets: z.array(slaTicket) });

export const dashboardView = z
  .object({
    at: z.string(),
    queues: z.array(
      z.object({
        teamId: z.string(),
        teamName: z.string(),
        ...waiting,
        channels: z.array(z.object({ channel: z.enum(channelKinds), ...waiting })),
      }),
    ),
    agents: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        presence: z.enum(presences),
        presenceChangedAt: z.string(),
        capacity: z.number().int().nullable(),
        load: z.number().int(),
        loadByChannel: z.partialRecord(z.enum(channelKinds), z.number().int()),
        openTickets: z.number().int(),
        tickets: z.array(boardTicket),
      }),
    ),
    sla: z.object({ atRisk: slaList, breached: slaList }),
    today: z.object({
      date: z.string().openapi({ description: 'Local date (YYYY-MM-DD) in `tz`' }),
      tz: z.string(),
      fromAt: z.string().openapi({ description: 'The instant today began in `tz`' }),
      created: z.number().int(),
      resolved: z.number().int(),
      firstResponse: time.openapi({ description: 'Seconds, tickets created today that got a first response' }),
      resolution: time.openapi({ description: 'Seconds from creation, tickets resolved today' }),
      csat: z.object({
        responses: z.number().int(),
        average: z.number().nullable(),
        distribution: z.array(z.object({ rating: z.number().int(), count: z.number().int() })),
      }),
    }),
  })
  .openapi('Dashboard');
