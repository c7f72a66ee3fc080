import type { WidgetError, WidgetErrorCode } from '../../../protocol.ts';

/** Refusals a resend cannot change: the message leaves the outbox and shows the server's reason. */
const FINAL: WidgetErrorCode[] = ['VALIDATION', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'FORBIDDEN', 'NOT_FOUND'];

export const isFinal = (e: WidgetError) => FINAL.includes(e.code);

/**
 * A handshake refusal after which reconnecting is pointless until the page changes: an unknown chat, or a FORBIDDEN
 * with a reason (WidgetRefusalReason: wrong site, chat switched off). A FORBIDDEN without one is a stale token.
 */
export const stopsReconnecting = (e?: Partial<WidgetError>) =>
  e?.code === 'NOT_FOUND' || (e?.code === 'FORBIDDEN' && !!(e.details as { reason?: string } | undefined)?.reason);
