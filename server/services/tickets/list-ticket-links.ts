import { eq, or } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { ticketLinks, tickets, type TicketLinkKind } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { canSeeTicket, loadVisibleTicket } from './visibility.ts';

export interface TicketLinkView {
  kind: TicketLinkKind;
  /** 'out': this ticket was merged into / split from / linked to the other; 'in': the other one to this. */
  direction: 'out' | 'in';
  ticket: { id: string; number: number; subject: string; status: string; channel: string };
}

/** The tickets linked to one ticket, both directions, only those the actor may see; and what it was merged into. */
export async function listTicketLinks(ctx: ServiceContext, actor: Actor, ticketId: string) {
  requireRole(actor, AGENT_ROLES, 'Reading tickets');
  const ticket = await loadVisibleTicket(ctx.db, actor, ticketId);
  const rows = await ctx.db
    .select({ link: ticketLinks, other: tickets })
    .from(ticketLinks)
    .innerJoin(tickets, or(eq(tickets.id, ticketLinks.ticketId), eq(tickets.id, ticketLinks.linkedTicketId)))
    .where(or(eq(ticketLinks.ticketId, ticket.id), eq(ticketLinks.linkedTicketId, ticket.id)))
    .orderBy(ticketLinks.createdAt);
  const links: TicketLinkView[] = [];
  for (const { link, other } of rows) {
    if (other.id === ticket.id || !(await canSeeTicket(ctx.db, actor, other))) continue;
    links.push({
      kind: link.kind,
      direction: link.ticketId === ticket.id ? 'out' : 'in',
      ticket: { id: other.id, number: other.number, subject: other.subject, status: other.status, channel: other.channel },
    });
  }
  const into = ticket.mergedIntoId ? await ctx.db.select().from(tickets).where(eq(tickets.id, ticket.mergedIntoId)) : [];
  const mergedInto = into[0] ? { id: into[0].id, number: into[0].number } : null;
  return { mergedInto, links };
}
