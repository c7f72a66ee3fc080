import { z } from '@hono/zod-openapi';
import { breachActions, channelKinds, presences, priorities } from '../db/schema/index.ts';

const target = z.object({ firstResponse: z.number().optional(), nextResponse: z.number().optional(), resolution: z.number().optional() });
const shift = z.object({ start: z.string(), end: z.string() });

export const ruleView = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    enabled: z.boolean(),
    conditions: z.object({
      channels: z.array(z.enum(channelKinds)).optional(),
      inboxIds: z.array(z.string()).optional(),
      keywords: z.array(z.string()).optional(),
      customerTags: z.array(z.string()).optional(),
      customerTiers: z.array(z.string()).optional(),
      languages: z.array(z.string()).optional(),
    }),
    actions: z.object({
      teamId: z.string().optional(),
      priority: z.enum(priorities).optional(),
      tags: z.array(z.string()).optional(),
      skills: z.array(z.string()).optional(),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RoutingRule');

export const calendarView = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    weeklyHours: z.record(z.string(), z.array(shift)),
    holidays: z.array(z.object({ date: z.string(), name: z.string().optional() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('BusinessCalendar');

export const policyView = z
  .object({
    id: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    calendarId: z.string().nullable(),
    targets: z.record(z.string(), target),
    warnAtPercent: z.number(),
    breachAction: z.enum(breachActions),
    raisePriority: z.boolean(),
    notifyEmail: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SlaPolicy');

export const queueStatsView = z
  .object({
    teamId: z.string(),
    teamName: z.string(),
    autoAssign: z.boolean(),
    waiting: z.number(),
    oldestQueuedAt: z.string().nullable(),
    longestWaitMs: z.number(),
    agents: z.array(
      z.object({ userId: z.string(), name: z.string(), presence: z.enum(presences), load: z.number(), capacity: z.number() }),
    ),
    at: z.string(),
  })
  .openapi('QueueStats');

export const waitingTicketView = z
  .object({
    ticketId: z.string(),
    number: z.number(),
    subject: z.string(),
    priority: z.enum(priorities),
    channel: z.enum(channelKinds),
    skills: z.array(z.string()),
    queuedAt: z.string(),
    waitingMs: z.number(),
  })
  .openapi('WaitingTicket');
