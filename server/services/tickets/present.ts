import type { attachments, messages, ticketEvents, tickets } from '../../db/schema/index.ts';

type TicketRow = typeof tickets.$inferSelect;
type MessageRow = typeof messages.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;
type EventRow = typeof ticketEvents.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTicket(t: TicketRow) {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    inboxId: t.inboxId,
    customerId: t.customerId,
    teamId: t.teamId,
    assigneeId: t.assigneeId,
    escalationLevel: t.escalationLevel,
    escalationReason: t.escalationReason,
    tags: t.tags,
    customFields: t.customFields,
    spam: t.spam,
    firstResponseDueAt: iso(t.firstResponseDueAt),
    nextResponseDueAt: iso(t.nextResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    firstResponseAt: iso(t.firstResponseAt),
    lastCustomerMessageAt: iso(t.lastCustomerMessageAt),
    lastAgentMessageAt: iso(t.lastAgentMessageAt),
    lastMessageAt: t.lastMessageAt.toISOString(),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    snoozedUntil: iso(t.snoozedUntil),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
export type TicketView = ReturnType<typeof presentTicket>;

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    contentId: a.contentId,
    url: `/api/attachments/${a.id}`,
  };
}
export type AttachmentView = ReturnType<typeof presentAttachment>;

export function presentMessage(m: MessageRow, files: AttachmentRow[] = []) {
  return {
    id: m.id,
    ticketId: m.ticketId,
    direction: m.direction,
    channel: m.channel,
    authorUserId: m.authorUserId,
    customerId: m.customerId,
    channelMessageId: m.channelMessageId,
    inReplyTo: m.inReplyTo,
    text: m.text,
    html: m.html,
    deliveryStatus: m.deliveryStatus,
    deliveryError: m.deliveryError,
    deliveryAttempts: m.deliveryAttempts,
    nextAttemptAt: iso(m.nextAttemptAt),
    meta: m.meta,
    attachments: files.map(presentAttachment),
    receivedAt: iso(m.receivedAt),
    sentAt: iso(m.sentAt),
    createdAt: m.createdAt.toISOString(),
  };
}
export type MessageView = ReturnType<typeof presentMessage>;

export function presentEvent(e: EventRow) {
  return {
    id: e.id,
    ticketId: e.ticketId,
    actorType: e.actorType,
    actorId: e.actorId,
    kind: e.kind,
    from: e.fromValue,
    to: e.toValue,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
}
export type TicketEventView = ReturnType<typeof presentEvent>;
