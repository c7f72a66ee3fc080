import { z } from '@hono/zod-openapi';
import { webhookDeliveryStatuses } from '../db/schema/index.ts';
import { processEventNames } from '../services/process-events/event-names.ts';

export const webhookView = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({ description: 'Why it was switched off after sustained failure' }),
    consecutiveFailures: z.number().int().openapi({ description: 'Deliveries given up in a row' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');

export const webhookWithSecret = z
  .object({
    webhook: webhookView,
    secret: z.string().openapi({ description: 'The signing secret: shown this once, never again (rotate for a new one)' }),
  })
  .openapi('WebhookWithSecret');

export const webhookAttemptView = z
  .object({
    id: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    manual: z.boolean(),
    at: z.string(),
  })
  .openapi('WebhookAttempt');

export const webhookDeliveryView = z
  .object({
    id: z.string().openapi({ description: 'Sent as X-Switchboard-Delivery: receivers dedupe on it' }),
    subscriptionId: z.string(),
    event: z.string(),
    eventId: z.string(),
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    payload: z.record(z.string(), z.unknown()),
    log: z.array(webhookAttemptView),
  })
  .openapi('WebhookDelivery');

const eventsField = z.array(z.enum(processEventNames)).openapi({ description: 'Process events to receive' });

export const webhookCreateBody = z
  .object({
    name: z.string().openapi({ example: 'CRM sync' }),
    url: z.string().openapi({ example: 'https://crm.example.com/hooks/switchboard' }),
    events: eventsField,
    enabled: z.boolean().optional(),
  })
  .openapi('WebhookCreate');

export const webhookUpdateBody = webhookCreateBody.partial().openapi('WebhookUpdate');
