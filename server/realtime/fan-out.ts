import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { tickets } from '../db/schema/index.ts';
import type { TicketView } from '../services/tickets/present.ts';
import { ticketAudience } from './audience.ts';
import { rooms, type AgentNamespace } from './types.ts';

const REMEMBERED_TICKETS = 5_000;
/** Changes that can move a ticket out of someone's sight. */
const MOVES = new Set(['assignee', 'transfer', 'team', 'routing', 'escalation']);

/**
 * Domain events (published after commit) -> the sockets allowed to see them. Remembers each ticket's last
 * audience so that people who just lost sight of a ticket (transferred away) are told to drop it.
 */
export function fanOut(ctx: ServiceContext, agents: AgentNamespace): () => void {
  const lastAudience = new Map<string, string[]>();

  function audienceOf(ticket: TicketView, changes: readonly string[] = []): string[] {
    const now = ticketAudience(ticket);
    const before = lastAudience.get(ticket.id);
    lastAudience.delete(ticket.id);
    lastAudience.set(ticket.id, now);
    if (lastAudience.size > REMEMBERED_TICKETS) lastAudience.delete(lastAudience.keys().next().value!);
    const lost = before?.filter((r) => !now.includes(r)) ?? [];
    if (lost.length) agents.to(lost).except(now).emit('ticket.removed', { ticketId: ticket.id });
    // Another app node may have shown it last: tell everyone outside the new audience (consoles without it ignore it).
    else if (!before && changes.some((c) => MOVES.has(c))) agents.except(now).emit('ticket.removed', { ticketId: ticket.id });
    return now;
  }

  /** Delivery and suggestions run after the fact, possibly long after this process last saw the ticket: look its audience up. */
  function toKnownAudience(ticketId: string, what: string, emit: (rooms: string[]) => void): void {
    const known = lastAudience.get(ticketId);
    if (known) return emit(known);
    ctx.db
      .select({ assigneeId: tickets.assigneeId, teamId: tickets.teamId })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .then(([t]) => t && emit(ticketAudience(t)))
      .catch((err: unknown) => ctx.log.error({ err, ticketId }, `${what} fan-out failed`));
  }

  const offs = [
    ctx.events.on('ticket.created', ({ ticket }) => {
      agents.to(audienceOf(ticket)).emit('ticket.created', { ticket });
    }),
    ctx.events.on('ticket.updated', ({ ticket, changes }) => {
      // A new message's ticket change travels with its message.created (same ticket view): one event, not two.
      if (changes.includes('message')) return;
      agents.to(audienceOf(ticket, changes)).emit('ticket.updated', { ticket, changes });
    }),
    ctx.events.on('message.created', ({ ticket, message }) => {
      agents.to(audienceOf(ticket)).emit('message.created', { ticket, message });
    }),
    ctx.events.on('message.status', (e) => {
      toKnownAudience(e.ticketId, 'message.status', (rooms) => agents.to(rooms).emit('message.status', e));
    }),
    ctx.events.on('kb.suggestions', (e) => {
      toKnownAudience(e.ticketId, 'kb.suggestions', (rooms) => agents.to(rooms).emit('kb.suggestions', e));
    }),
    ctx.events.on('csat.recorded', (e) => {
      toKnownAudience(e.csat.ticketId, 'csat.recorded', (rooms) => agents.to(rooms).emit('csat.recorded', e));
    }),
    ctx.events.on('typing', (e) => {
      // Agents' own typing is relayed by their socket handler; only the customer's arrives through the bus.
      if (e.who.type === 'customer') agents.to(rooms.ticket(e.ticketId)).emit('typing', e);
    }),
    ctx.events.on('customer.read', (e) => {
      agents.to(rooms.ticket(e.ticketId)).emit('customer.read', e);
    }),
    ctx.events.on('presence.changed', (e) => {
      agents.emit('presence.changed', e);
    }),
    ctx.events.on('notification.created', ({ userId, notification }) => {
      agents.to(rooms.agent(userId)).emit('notification.created', { notification });
    }),
    ctx.events.on('notification.read', ({ userId, ids }) => {
      agents.to(rooms.agent(userId)).emit('notification.read', { ids });
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
