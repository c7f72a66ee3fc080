import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { tickets } from '../db/schema/index.ts';
import type { TicketView } from '../services/tickets/present.ts';
import { ticketAudience } from './audience.ts';
import { rooms, type AgentNamespace } from './types.ts';

const REMEMBERED_TICKETS = 5_000;

/**
 * Domain events (published after commit) -> the sockets allowed to see them. Remembers each ticket's last
 * audience so that people who just lost sight of a ticket (transferred away) are told to drop it.
 */
export function fanOut(ctx: ServiceContext, agents: AgentNamespace): () => void {
  const lastAudience = new Map<string, string[]>();

  function audienceOf(ticket: TicketView): string[] {
    const now = ticketAudience(ticket);
    const before = lastAudience.get(ticket.id);
    lastAudience.delete(ticket.id);
    lastAudience.set(ticket.id, now);
    if (lastAudience.size > REMEMBERED_TICKETS) lastAudience.delete(lastAudience.keys().next().value!);
    const lost = before?.filter((r) => !now.includes(r)) ?? [];
    if (lost.length) agents.to(lost).except(now).emit('ticket.removed', { ticketId: ticket.id });
    return now;
  }

  const offs = [
    ctx.events.on('ticket.created', ({ ticket }) => {
      agents.to(audienceOf(ticket)).emit('ticket.created', { ticket });
    }),
    ctx.events.on('ticket.updated', ({ ticket, changes }) => {
      agents.to(audienceOf(ticket)).emit('ticket.updated', { ticket, changes });
    }),
    ctx.events.on('message.created', ({ ticket, message }) => {
      agents.to(audienceOf(ticket)).emit('message.created', { ticket, message });
    }),
    ctx.events.on('message.status', (e) => {
      const known = lastAudience.get(e.ticketId);
      if (known) return void agents.to(known).emit('message.status', e);
      // Delivery runs in a worker, possibly long after this process last saw the ticket: look its audience up.
      ctx.db
        .select({ assigneeId: tickets.assigneeId, teamId: tickets.teamId })
        .from(tickets)
        .where(eq(tickets.id, e.ticketId))
        .then(([t]) => t && agents.to(ticketAudience(t)).emit('message.status', e))
        .catch((err: unknown) => ctx.log.error({ err, ticketId: e.ticketId }, 'message.status fan-out failed'));
    }),
    ctx.events.on('typing', (e) => {
      // Agents' own typing is relayed by their socket handler; only the customer's arrives through the bus.
      if (e.who.type === 'customer') agents.to(rooms.ticket(e.ticketId)).emit('typing', e);
    }),
    ctx.events.on('presence.changed', (e) => {
      agents.emit('presence.changed', e);
    }),
    ctx.events.on('queue.stats', (s) => {
      agents.to([rooms.team(s.teamId), rooms.supervisors]).emit('queue.stats', s);
    }),
    ctx.events.on('sla.warning', (e) => {
      agents.to(audienceOf(e.ticket)).emit('sla.warning', e);
    }),
    ctx.events.on('sla.breached', (e) => {
      agents.to(audienceOf(e.ticket)).emit('sla.breached', e);
    }),
  ];
  return () => {
    for (const off of offs) off();
    lastAudience.clear();
  };
}
