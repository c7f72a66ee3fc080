import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { isUuid, loadVisibleTicket } from '../services/tickets/visibility.ts';
import { handled } from './ack.ts';
import { rooms, type AgentSocket } from './types.ts';

const presenceSend = z.object({ ticketId: z.string().refine(isUuid, 'must be a ticket id'), state: z.enum(['viewing', 'left']) });

/**
 * Collision warning: who has a ticket open. Nothing is stored: viewers announce themselves to the ticket's room on
 * open and every 20 s (consoles forget a viewer not heard from in a minute), and leave on close or disconnect. The
 * socket adapter (Redis) carries room events to every node, so colleagues on other nodes see each other too.
 */
export function registerTicketPresence(ctx: ServiceContext, socket: AgentSocket): void {
  const announce = (ticketId: string, state: 'viewing' | 'left') => {
    const { id, name } = socket.data.actor;
    socket.to(rooms.ticket(ticketId)).emit('ticket.viewer', { ticketId, userId: id, name, state, at: ctx.now().toISOString() });
  };

  socket.on(
    'ticket.presence',
    handled(ctx.log, presenceSend, async ({ ticketId, state }) => {
      if (state === 'viewing') {
        await loadVisibleTicket(ctx.db, socket.data.actor, ticketId);
        await socket.join(rooms.ticket(ticketId));
      } else if (!socket.rooms.has(rooms.ticket(ticketId))) return null;
      announce(ticketId, state);
      return null;
    }),
  );

  socket.on('disconnecting', () => {
    for (const room of socket.rooms) if (room.startsWith('ticket:')) announce(room.slice('ticket:'.length), 'left');
  });
}
