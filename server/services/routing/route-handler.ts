import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { OutboxHandler } from '../outbox/handlers.ts';
import { routeTicket } from './route-ticket.ts';

/** The outbox handler for 'ticket.route': enqueued in ingest's transaction for every new ticket. */
export const routeTicketHandler = (ctx: ServiceContext): OutboxHandler<{ ticketId: string }> => ({
  schema: z.object({ ticketId: z.uuid() }),
  run: async ({ ticketId }) => {
    await routeTicket(ctx, ticketId);
  },
});
