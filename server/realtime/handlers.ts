import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { presences } from '../db/schema/index.ts';
import { setPresence } from '../services/presence/set-presence.ts';
import { isUuid, loadVisibleTicket } from '../services/tickets/visibility.ts';
import { ServiceError } from '../errors.ts';
import { handled } from './ack.ts';
import { registerTicketPresence } from './ticket-presence.ts';
import { rooms, type AgentSocket } from './types.ts';

const ticketRef = z.object({ ticketId: z.string().refine(isUuid, 'must be a ticket id') });

/** What a console may send: watch a thread, typing, presence. Each checked like an HTTP call would be. */
export function registerHandlers(ctx: ServiceContext, socket: AgentSocket): void {
  const { log } = ctx;
  const actor = () => socket.data.actor;
  registerTicketPresence(ctx, socket);

  socket.on(
    'ticket.watch',
    handled(log, ticketRef, async ({ ticketId }) => {
      const ticket = await loadVisibleTicket(ctx.db, actor(), ticketId);
      await socket.join(rooms.ticket(ticketId));
      // Opening a live chat marks the customer's messages as seen: the widget shows the read marker.
      if (ticket.channel === 'widget')
        ctx.events.publish([{ name: 'agent.read', data: { ticketId, userId: actor().id, at: ctx.now().toISOString() } }]);
      return null;
    }),
  );

  socket.on(
    'ticket.unwatch',
    handled(log, ticketRef, async ({ ticketId }) => {
      await socket.leave(rooms.ticket(ticketId));
      return null;
    }),
  );

  socket.on(
    'typing',
    handled(log, ticketRef.extend({ state: z.enum(['start', 'stop']) }), async ({ ticketId, state }) => {
      const room = rooms.ticket(ticketId);
      if (!socket.rooms.has(room)) throw new ServiceError('FORBIDDEN', 'Watch the ticket (ticket.watch) before typing in it');
      const who = { type: 'agent' as const, userId: actor().id, name: actor().name };
      socket.to(room).emit('typing', { ticketId, state, who });
      // The widget's namespace relays it to the customer.
      ctx.events.publish([{ name: 'typing', data: { ticketId, state, who } }]);
      return null;
    }),
  );

  socket.on(
    'presence.set',
    handled(log, z.object({ presence: z.enum(presences) }), async ({ presence }) => {
      const result = await setPresence(ctx, actor(), actor().id, { presence });
      return { presence: result.presence };
    }),
  );
}
