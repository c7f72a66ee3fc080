import type { Tx } from '../../db/client.ts';
import { ticketEvents } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { notifyFollowers } from '../notifications/notify-followers.ts';

export type TicketEventKind =
  | 'created'
  | 'message_received'
  | 'status_changed'
  | 'reopened'
  | 'assigned'
  | 'transferred'
  | 'priority_changed'
  | 'escalated'
  | 'tagged'
  | 'replied'
  | 'forwarded'
  | 'note_added'
  | 'routed'
  | 'sla_warning'
  | 'sla_breached'
  | 'delivery_failed'
  | 'delivery_retried'
  | 'csat_rated'
  | 'merged'
  | 'split'
  | 'linked'
  | 'unlinked';

export interface EventInput {
  ticketId: string;
  kind: TicketEventKind;
  from?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
}

export type EventActor = Actor | { type: 'customer'; customerId: string };

/** One history row per transition; every verb writes through here inside its transaction. */
export async function recordEvent(tx: Tx, actor: EventActor, input: EventInput, at?: Date): Promise<void> {
  await tx.insert(ticketEvents).values({
    ticketId: input.ticketId,
    actorType: actor.type,
    actorId: actor.type === 'user' ? actor.id : actor.type === 'customer' ? actor.customerId : null,
    kind: input.kind,
    fromValue: input.from ?? null,
    toValue: input.to ?? null,
    data: { ...(actor.type === 'system' ? { system: actor.name } : {}), ...input.data },
    ...(at ? { createdAt: at } : {}),
  });
  await notifyFollowers(tx, actor.type === 'user' ? actor.id : null, input, at);
}
