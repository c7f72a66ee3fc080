import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { tickets, widgetVisitors } from '../../server/db/schema/index.ts';
import { ServiceError } from '../../server/errors.ts';
import { conversationMessage } from './history.ts';
import type { Visitor } from './visitors.ts';

export const typingInput = z.object({ state: z.enum(['start', 'stop']) });
export const readInput = z.object({ upTo: z.string().max(100) });

async function liveTicketId(ctx: ServiceContext, visitorId: string): Promise<string | null> {
  const [t] = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId), ne(tickets.status, 'closed')))
    .limit(1);
  return t?.id ?? null;
}

/** The customer is typing: the agents watching the ticket see it (relayed by the /agents fan-out). */
export async function customerTyping(ctx: ServiceContext, visitor: Visitor, raw: unknown): Promise<null> {
  const { state } = typingInput.parse(raw);
  const ticketId = await liveTicketId(ctx, visitor.visitorId);
  if (ticketId) ctx.events.publish([{ name: 'typing', data: { ticketId, state, who: { type: 'customer' } } }]);
  return null;
}

/** The customer has seen the conversation up to a message of their own conversation (any other id: not found). */
export async function customerRead(ctx: ServiceContext, visitor: Visitor, raw: unknown): Promise<null> {
  const { upTo } = readInput.parse(raw);
  const m = z.uuid().safeParse(upTo).success ? await conversationMessage(ctx.db, visitor.visitorId, upTo) : null;
  if (!m) throw new ServiceError('NOT_FOUND', 'upTo: no such message in this conversation');
  await ctx.db.update(widgetVisitors).set({ customerReadUpTo: m.id, updatedAt: ctx.now() }).where(eq(widgetVisitors.id, visitor.visitorId));
  ctx.events.publish([{ name: 'customer.read', data: { ticketId: m.ticketId, upTo: m.id, at: ctx.now().toISOString() } }]);
  return null;
}
