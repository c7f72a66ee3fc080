import type { ServiceContext } from '../../server/context.ts';
import { suggestForTicket } from './suggest-for-ticket.ts';

/**
 * Suggests articles for every new customer message (a new ticket's first message included) right after
 * it is committed, records them, and publishes `kb.suggestions` for the ticket's room. Returns a stop
 * function that waits for work in flight.
 */
export function startSuggestionProcessor(ctx: ServiceContext): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const off = ctx.events.on('message.created', ({ ticket, message }) => {
    if (message.direction !== 'in') return;
    const job = suggestForTicket(ctx, ticket.id, { record: true })
      .then((result) => ctx.events.publish([{ name: 'kb.suggestions', data: result }]))
      .catch((err) => ctx.log.error({ err, ticketId: ticket.id }, 'knowledge-base suggestion failed'))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });
  return async () => {
    off();
    await Promise.allSettled([...inFlight]);
  };
}
