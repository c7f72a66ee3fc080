import { and, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import type { DbOrTx } from '../../server/db/client.ts';
import { tickets } from '../../server/db/schema/index.ts';
import { widgetRooms, type WidgetNamespace } from './types.ts';

type Ended = { status: string; resolvedAt: Date | string | null; closedAt: Date | string | null };

/** When a conversation in this state was resolved (closed without a resolution counts from its closing), else null. */
function endedAt(t: Ended): string | null {
  if (t.status !== 'resolved' && t.status !== 'closed') return null;
  const at = t.resolvedAt ?? t.closedAt;
  return at ? new Date(at).toISOString() : null;
}

/** The visitor's latest ticket's resolution time, or null while it is open (or there is none). */
export async function conversationResolvedAt(db: DbOrTx, visitorId: string): Promise<string | null> {
  const [t] = await db
    .select({ status: tickets.status, resolvedAt: tickets.resolvedAt, closedAt: tickets.closedAt })
    .from(tickets)
    .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId)))
    .orderBy(desc(tickets.createdAt))
    .limit(1);
  return t ? endedAt(t) : null;
}

/** Every status change of a widget conversation tells its visitor's tabs whether it is now resolved. */
export function relayResolutions(ctx: ServiceContext, widgets: WidgetNamespace): () => void {
  return ctx.events.on('ticket.updated', ({ ticket, changes }) => {
    if (ticket.channel !== 'widget' || !changes.includes('status')) return;
    void (async () => {
      const [t] = await ctx.db.select({ threadKey: tickets.threadKey }).from(tickets).where(eq(tickets.id, ticket.id));
      if (t) widgets.to(widgetRooms.visitor(t.threadKey)).emit('resolved', { at: endedAt(ticket) });
    })().catch((err: unknown) => ctx.log.error({ err, ticketId: ticket.id }, 'widget resolution relay failed'));
  });
}
