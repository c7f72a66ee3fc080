import type { Tx } from '../../db/client.ts';
import { outbox } from '../../db/schema/index.ts';
import type { ProcessEventName } from '../process-events/event-names.ts';

/** Topics the outbox knows; each has one handler registered in server/workers/outbox-handlers.ts. */
export interface OutboxTopics {
  'message.deliver': { messageId: string };
  /** Apply routing rules to a new ticket, start its SLA clocks, queue it and offer it to a free agent. */
  'ticket.route': { ticketId: string };
  /** Ask the customer to rate one resolution of a ticket, through the ticket's channel (email: a survey mail). */
  'csat.survey': { ticketId: string; resolvedAt: string };
  /** Email supervisors about an SLA breach; fails visibly while no mail transport is configured. */
  'sla.alert.email': { ticketId: string; metrics: string[]; level: number };
  /** Bring the search index in step with one article (indexed, replaced or removed). */
  'kb.index': { articleId: string };
  /** Announce committed notifications live on /agents (each recipient's bell). */
  'notification.deliver': { notificationIds: string[] };
  /** Email one notification to its recipient, who chose email for its kind. */
  'notification.email': { notificationId: string };
  /** Web push one notification to one of the recipient's devices. */
  'notification.push': { notificationId: string; subscriptionId: string };
  /** Push the synonym groups to the search engine. */
  'kb.synonyms': Record<string, never>;
  /** Evaluate the enabled event rules listening to one ticket history row's events (once per row, chain depth carried). */
  'automation.evaluate': { ticketId: string; eventId: number; events: ProcessEventName[]; depth: number; messageId?: string | null };
  /** Email staff for an automation rule or macro action (one user or a team), through the staff mail transport. */
  'automation.email': { to: string[]; subject: string; text: string; ticketId: string };
  /** Mail a password reset or invitation link (made again from its row; not sent once used, revoked or replaced). */
  'account.email': { kind: 'password_reset' | 'invitation'; id: string; version: number; linkBase: string | null };
}
export type OutboxTopic = keyof OutboxTopics;

export interface EnqueueOptions {
  dedupeKey?: string;
  runAfter?: Date;
}

export async function enqueue<T extends OutboxTopic>(tx: Tx, topic: T, payload: OutboxTopics[T], opts: EnqueueOptions = {}): Promise<void> {
  await tx
    .insert(outbox)
    .values({
      topic,
      payload: payload as unknown as Record<string, unknown>,
      dedupeKey: opts.dedupeKey ?? null,
      ...(opts.runAfter ? { runAfter: opts.runAfter } : {}),
    })
    .onConflictDoNothing();
}
