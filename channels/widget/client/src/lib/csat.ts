import type { WidgetAck, WidgetCsatAnswer, WidgetCsatRequest } from '../../../protocol.ts';

/** The rating card under the conversation: asking (with the last refusal, if any), sending, or done. */
export interface CsatCard {
  request: WidgetCsatRequest;
  state: 'ask' | 'sending' | 'thanks' | 'answered';
  error?: string;
}

const same = (a: WidgetCsatRequest, b: WidgetCsatRequest) => a.ticketId === b.ticketId && a.resolvedAt === b.resolvedAt;

/**
 * A csat.request. The survey already on screen (asked again after a reconnect) keeps what the customer did;
 * a new resolution replaces the card; an expired one is not shown.
 */
export function requested(card: CsatCard | null, request: WidgetCsatRequest, now = Date.now()): CsatCard | null {
  if (card && same(card.request, request)) return { ...card, request };
  return Date.parse(request.expiresAt) > now ? { request, state: 'ask' } : card;
}

/** csat.answered, from this tab or another: the card of that ticket turns into the thank-you. */
export function answered(card: CsatCard | null, answer: WidgetCsatAnswer): CsatCard | null {
  return card?.request.ticketId === answer.ticketId ? { request: card.request, state: 'thanks' } : card;
}

/**
 * The card after csat.submit's ack (null: no ack in time). Answered elsewhere first (CONFLICT) says so; expired or
 * reopened (GONE) leaves nothing to rate, so the card goes; anything else shows why and lets the customer retry.
 */
export function submitted(card: CsatCard, ack: WidgetAck<WidgetCsatAnswer> | null, generic: string): CsatCard | null {
  if (ack?.ok) return { request: card.request, state: 'thanks' };
  const code = ack?.error.code;
  if (code === 'GONE') return null;
  if (code === 'CONFLICT') return { request: card.request, state: 'answered' };
  return { request: card.request, state: 'ask', error: ack?.error.message || generic };
}
