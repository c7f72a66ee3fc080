import type { ServiceContext } from '../../server/context.ts';
import { queueOutbound, type OutboundInput } from '../../server/services/messages/queue-outbound.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { autoMailBlocked } from './auto-mail-guard.ts';
import type { EmailSettings } from './settings.ts';

export type AutomaticKind = 'acknowledgement' | 'too-large' | 'csat-survey';

export interface AutomaticMail {
  kind: AutomaticKind;
  ticketId: string;
  recipient: string;
  text: string;
  /**
   * What it answers (an inbound message, or a resolution for a survey): with `kind` it makes the row id, so a
   * replay never answers twice. Without a channelMessageId it threads under the customer's latest mail.
   */
  trigger: { messageId: string; channelMessageId: string | null };
  /** Stored on the message beside the automatic markers (e.g. what the send renders). */
  meta?: Record<string, unknown>;
}

/**
 * Writes a system mail on the ticket and its delivery job in one transaction, through the outbound verb. A
 * blocked mail (bounce suppression, caps) is still written, as failed with the reason, so the console shows why
 * nothing went out.
 */
export async function queueAutomaticMail(ctx: ServiceContext, settings: EmailSettings, mail: AutomaticMail) {
  return inTransaction(ctx, (tx, emit) => queueOutbound({ ctx, tx, emit, input: automaticMailInput(ctx, settings, mail) }));
}

/** The outbound message an automatic mail becomes; the trigger and kind name its row, so a replay adds nothing. */
function automaticMailInput(ctx: ServiceContext, settings: EmailSettings, mail: AutomaticMail): OutboundInput {
  return {
    ticketId: mail.ticketId,
    channel: 'email',
    inReplyTo: mail.trigger.channelMessageId,
    text: mail.text,
    meta: { ...mail.meta, to: mail.recipient },
    automaticKind: mail.kind,
    idempotencyKey: `${mail.kind}:${mail.trigger.messageId}`,
    holdBack: (tx) => autoMailBlocked(ctx, tx, settings, mail.recipient, mail.ticketId),
  };
}

export const acknowledgementText = (settings: EmailSettings, ticketNumber: number) =>
  settings.acknowledgement.replaceAll('{ticket}', String(ticketNumber));

export const tooLargeText = (size: string, limit: string, ticketNumber: number) =>
  `Thank you for your email. It was ${size}, more than the ${limit} we can accept, so we could not read it. ` +
  `We have opened ticket #${ticketNumber} for you: please reply with a shorter message, and send large files as a link or in several smaller mails.`;
