import type { Tx } from '../../db/client.ts';
import { ticketEvents } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { afterTicketEvent } from '../process-events/after-ticket-event.ts';
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
  | 'unlinked'
  | 'fields_changed'
  | 'rule_fired'
  | 'macro_applied';

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
  const actorId = actor.type === 'user' ? actor.id : actor.type === 'customer' ? actor.customerId : null;
  const [row] = await tx
    .insert(ticketEvents)
    .values({
      ticketId: input.ticketId,
      actorType: actor.type,
      actorId,
      kind: input.kind,
      fromValue: input.from ?? null,
      toValue: input.to ?? null,
      data: { ...(actor.type === 'system' ? { system: actor.name } : {}), ...input.data },
      ...(at ? { createdAt: at } : {}),
    })
    .returning({ id: ticketEvents.id, createdAt: ticketEvents.createdAt });
  await afterTicketEvent(tx, { ...input, id: row!.id, actorType: actor.type, actorId, at: row!.createdAt });
  await notifyFollowers(tx, actor.type === 'user' ? actor.id : null, input, at);
}
