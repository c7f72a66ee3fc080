import type { ServiceContext } from '../../server/context.ts';
import { suggestForTicket } from './suggest-for-ticket.ts';

/** Suggestions computed at once; more wait their turn, so a burst of messages never takes the ingest's connections. */
const CONCURRENCY = 2;

/**
 * Suggests articles for every new customer message (a new ticket's first message included) right after
 * it is committed, records them, and publishes `kb.suggestions` for the ticket's room. A ticket is looked up
 * once per turn: messages that arrive while its suggestion is waiting or running are answered by one more run
 * for the latest of them. Returns a stop function that waits for work in flight.
 */
export function startSuggestionProcessor(ctx: ServiceContext): () => Promise<void> {
  /** Ticket -> its subject and latest customer message, as the newest event told. */
  const waiting = new Map<string, { subject: string; text: string }>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  function pump(): void {
    for (const [ticketId, latest] of waiting) {
      if (running.size >= CONCURRENCY) return;
      if (running.has(ticketId)) continue;
      waiting.delete(ticketId);
      const job = suggestForTicket(ctx, ticketId, { record: true, ...latest })
        .then((result) => ctx.events.publish([{ name: 'kb.suggestions', data: result }]))
        .catch((err) => ctx.log.error({ err, ticketId }, 'knowledge-base suggestion failed'))
        .finally(() => {
          running.delete(ticketId);
          if (!stopped) pump();
        });
      running.set(ticketId, job);
    }
  }

  const off = ctx.events.on('message.created', ({ ticket, message }) => {
    // An auto-reply or a bounce says nothing about the customer's problem: the suggestions shown stay.
    if (message.direction !== 'in' || message.meta.automated === true || stopped) return;
    waiting.set(ticket.id, { subject: ticket.subject, text: message.text });
    pump();
  });
  return async () => {
    stopped = true;
    off();
    waiting.clear();
    await Promise.allSettled([...running.values()]);
  };
}
