import { z } from '@hono/zod-openapi';
import { notificationKinds } from '../db/schema/index.ts';

export const notificationView = z
  .object({
    id: z.string(),
    kind: z.enum(notificationKinds),
    ticketId: z.string().nullable(),
    ticketNumber: z.number().int().nullable(),
    ticketSubject: z.string().nullable(),
    actorName: z.string().nullable(),
    messageId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification');

export const emailPreferencesView = z
  .object(Object.fromEntries(notificationKinds.map((k) => [k, z.boolean()])))
  .openapi('EmailNotificationPreferences');

export const followersView = z
  .object({ following: z.boolean(), followers: z.array(z.object({ id: z.string(), name: z.string() })) })
  .openapi('TicketFollowers');

export const pushSubscriptionView = z
  .object({ id: z.string(), endpoint: z.string(), userAgent: z.string().nullable(), createdAt: z.string() })
  .openapi('PushSubscription');
