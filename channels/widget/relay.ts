import { and, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes, messages, tickets, users, widgetVisitors } from '../../server/db/schema/index.ts';
import { agentsOnline } from './availability.ts';
import { widgetRooms, type WidgetNamespace } from './types.ts';

const REMEMBERED = 2_000;

/**
 * Domain events -> the visitor's tabs: an agent typing, an agent having read the conversation, and whether
 * anyone is online for each widget inbox. Emits go through the namespace's adapter (every node's sockets).
 */
export function relayToVisitors(ctx: ServiceContext, widgets: WidgetNamespace): () => void {
  // ticket id -> visitor id (null: not a widget ticket); typing arrives per keystroke, the database is asked once.
  const visitorOfTicket = new Map<string, string | null>();
  const fail = (what: string) => (err: unknown) => ctx.log.error({ err }, `widget ${what} relay failed`);

  async function visitorOf(ticketId: string): Promise<string | null> {
    if (visitorOfTicket.has(ticketId)) return visitorOfTicket.get(ticketId)!;
    const [t] = await ctx.db
      .select({ channel: tickets.channel, threadKey: tickets.threadKey })
      .from(tickets)
      .where(eq(tickets.id, ticketId));
    const visitorId = t?.channel === 'widget' ? t.threadKey : null;
    visitorOfTicket.set(ticketId, visitorId);
    if (visitorOfTicket.size > REMEMBERED) visitorOfTicket.delete(visitorOfTicket.keys().next().value!);
    return visitorId;
  }

  async function agentTyping(ticketId: string, userId: string, state: 'start' | 'stop') {
    const visitorId = await visitorOf(ticketId);
    if (!visitorId) return;
    const [u] = await ctx.db.select({ name: users.name, avatarUrl: users.avatarUrl }).from(users).where(eq(users.id, userId));
    if (u) widgets.to(widgetRooms.visitor(visitorId)).emit('typing', { state, agent: { name: u.name, avatarUrl: u.avatarUrl } });
  }

  /** An agent opened the conversation: the customer's messages so far count as seen, and the widget shows it. */
  async function agentRead(ticketId: string) {
    const visitorId = await visitorOf(ticketId);
    if (!visitorId) return;
    const [newest] = await ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'in')))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(1);
    if (!newest) return;
    await ctx.db.update(widgetVisitors).set({ agentReadUpTo: newest.id, updatedAt: ctx.now() }).where(eq(widgetVisitors.id, visitorId));
    widgets.to(widgetRooms.visitor(visitorId)).emit('read', { upTo: newest.id });
  }

  async function availability() {
    const rows = await ctx.db
      .select({ id: inboxes.id, teamId: inboxes.teamId })
      .from(inboxes)
      .where(and(eq(inboxes.channel, 'widget'), eq(inboxes.enabled, true)));
    for (const inbox of rows) {
      // Sent on every change, not only when this node last saw a different answer: another app node may have
      // told the visitors something newer since.
      const online = await agentsOnline(ctx.db, inbox.teamId);
      widgets.to(widgetRooms.inbox(inbox.id)).emit('availability', { online });
    }
  }
  // Serialised: presence changes in bursts (a team signing in), and each answer must reflect the latest state.
  let checking: Promise<void> = Promise.resolve();

  const offs = [
    ctx.events.on('typing', (e) => {
      if (e.who.type === 'agent') void agentTyping(e.ticketId, e.who.userId, e.state).catch(fail('typing'));
    }),
    ctx.events.on('agent.read', (e) => void agentRead(e.ticketId).catch(fail('read'))),
    ctx.events.on('presence.changed', () => {
      checking = checking.then(availability).catch(fail('availability'));
    }),
  ];
  void availability().catch(fail('availability'));
  return () => {
    for (const off of offs) off();
  };
}
