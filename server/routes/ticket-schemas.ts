import { z } from '@hono/zod-openapi';
import { channelKinds, deliveryStatuses, messageDirections, priorities, ticketStatuses } from '../db/schema/index.ts';
import { errorBody, json } from './router.ts';

const ts = z.string().openapi({ format: 'date-time' });
const record = z.record(z.string(), z.unknown());
const customFieldValues = z.record(z.string(), z.unknown()).openapi({
  description:
    'Admin-defined field values by key (GET /api/custom-fields): text, numbers, YYYY-MM-DD dates, booleans, option values or lists of them',
});

export const ticketView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(priorities),
    channel: z.enum(channelKinds),
    inboxId: z.string().nullable(),
    customerId: z.string(),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    escalationLevel: z.number().int(),
    escalationReason: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: customFieldValues,
    spam: z.boolean().openapi({ description: 'A blocked customer’s ticket: not routed, shown only in the Spam view' }),
    firstResponseDueAt: ts.nullable(),
    nextResponseDueAt: ts.nullable(),
    resolutionDueAt: ts.nullable(),
    firstResponseAt: ts.nullable(),
    lastCustomerMessageAt: ts.nullable(),
    lastAgentMessageAt: ts.nullable(),
    lastMessageAt: ts,
    resolvedAt: ts.nullable(),
    closedAt: ts.nullable(),
    snoozedUntil: ts.nullable().openapi({ description: 'While set the ticket is snoozed (pending) and reopens by itself at this time' }),
    createdAt: ts,
    updatedAt: ts,
  })
  .openapi('Ticket');

export const attachmentView = z
  .object({
    id: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    inline: z.boolean(),
    contentId: z.string().nullable(),
    url: z.string(),
  })
  .openapi('Attachment');

export const messageView = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    direction: z.enum(messageDirections),
    channel: z.enum(channelKinds),
    authorUserId: z.string().nullable(),
    customerId: z.string().nullable(),
    channelMessageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable().openapi({ description: 'Sanitized on the server; render as HTML only this field' }),
    deliveryStatus: z.enum(deliveryStatuses),
    deliveryError: z.string().nullable(),
    deliveryAttempts: z.number().int(),
    nextAttemptAt: ts.nullable().openapi({ description: 'A queued message waiting for another try after a failure: when it is due' }),
    meta: record,
    attachments: z.array(attachmentView),
    receivedAt: ts.nullable(),
    sentAt: ts.nullable(),
    createdAt: ts,
  })
  .openapi('Message');

export const ticketEventView = z
  .object({
    id: z.number().int(),
    ticketId: z.string(),
    actorType: z.enum(['user', 'customer', 'system']),
    actorId: z.string().nullable(),
    kind: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    data: record,
    createdAt: ts,
  })
  .openapi('TicketEvent');

export const customerView = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale: z.string().nullable(),
    tier: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: customFieldValues,
    notes: z.string().nullable(),
    blockedAt: ts.nullable().openapi({ description: 'While set, their messages are kept on spam tickets that nobody is asked to answer' }),
    mergedIntoId: z.string().nullable().openapi({ description: 'Merged into this customer: everything moved there' }),
    createdAt: ts,
    updatedAt: ts,
  })
  .openapi('Customer');

export const identityView = z
  .object({
    id: z.string(),
    channel: z.enum(channelKinds),
    externalId: z.string(),
    displayName: z.string().nullable(),
    verified: z.boolean(),
    details: z
      .object({
        username: z.string().nullable(),
        browser: z.string().nullable(),
        page: z.string().nullable(),
        timeZone: z.string().nullable(),
      })
      .openapi({ description: "What the channel told: a Telegram username; a web-chat visitor's browser, page and IANA time zone" }),
    createdAt: ts,
  })
  .openapi('CustomerIdentity');

export const uuidParam = (name: string) =>
  z.uuid().openapi({ param: { name, in: 'path' }, example: '00000000-0000-4000-8000-000000000000' });

export const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

export const conflict = { 409: json(errorBody, 'Not allowed in the ticket’s current state; `details` names from and to') } as const;
export const tooLarge = { 413: json(errorBody, 'Request body over MAX_BODY_BYTES') } as const;

export const csatView = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    channel: z.enum(channelKinds),
    customerId: z.string().nullable(),
    agentId: z.string().nullable().openapi({ description: 'The assignee when the rating came in: whose work it rates' }),
    rating: z.number().int().min(1).max(5),
    comment: z.string().nullable(),
    resolvedAt: ts.openapi({ description: 'The resolution rated (a reopened ticket is rated again)' }),
    createdAt: ts,
    updatedAt: ts,
  })
  .openapi('CsatRating');

export const csatSummaryView = z
  .object({
    count: z.number().int(),
    average: z.number().nullable(),
    recent: z.array(csatView.extend({ ticketNumber: z.number().int() })),
  })
  .openapi('CsatSummary');
