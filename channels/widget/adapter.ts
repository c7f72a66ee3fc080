import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { widgetVisitors } from '../../server/db/schema/index.ts';
import { PermanentDeliveryError, type ChannelAdapter, type OutboundMessage, type SendResult } from '../types.ts';
import { replyMailbox } from './away.ts';
import { presentMessageById } from './history.ts';
import { loadWidgetInbox } from './inbox.ts';
import { widgetRooms, type WidgetNamespace } from './types.ts';

/**
 * Agent replies to a widget conversation: pushed to every tab of the visitor (the history keeps them for a
 * visitor who is away). When no tab is connected and the visitor left an email, the reply is also emailed
 * from the widget inbox's mailbox: one ticket, two channels.
 */
export function createWidgetAdapter(ctx: ServiceContext, widgets: WidgetNamespace, email: () => ChannelAdapter | null): ChannelAdapter {
  const warned = new Set<string>();
  const warnOnce = (key: string, msg: string, data: Record<string, unknown>) => {
    if (warned.has(key)) return;
    warned.add(key);
    ctx.log.warn(data, msg);
  };

  async function mailboxFor(widgetInboxId: string | null): Promise<string | null> {
    const widget = widgetInboxId ? await loadWidgetInbox(ctx, widgetInboxId) : null;
    return replyMailbox(ctx.db, widget?.settings.emailInboxId);
  }

  /** The email copy's result: its bookkeeping (afterRecorded) must wait until the widget message is recorded sent. */
  async function emailCopy(m: OutboundMessage, visitorId: string): Promise<SendResult> {
    const [visitor] = await ctx.db
      .select({ email: widgetVisitors.email, name: widgetVisitors.name })
      .from(widgetVisitors)
      .where(eq(widgetVisitors.id, visitorId));
    const to = visitor?.email ?? m.recipient.email;
    if (!to) return {};
    const mailer = email();
    const mailboxId = mailer ? await mailboxFor(m.inboxId) : null;
    if (!mailer || !mailboxId) {
      warnOnce(`no-mailbox:${m.inboxId}`, 'widget reply not emailed to an offline visitor: no enabled email inbox', { inboxId: m.inboxId });
      return {};
    }
    try {
      const sent = await mailer.send({
        ...m,
        channel: 'email',
        inboxId: mailboxId,
        recipient: { externalId: to, displayName: visitor?.name ?? m.recipient.displayName, email: to },
        threadMessageIds: [],
        inReplyTo: null,
      });
      return sent.afterRecorded ? { afterRecorded: sent.afterRecorded } : {};
    } catch (err) {
      // The chat copy is delivered; a mailbox that refuses for good is logged, anything else is retried.
      if (!(err instanceof PermanentDeliveryError)) throw err;
      ctx.log.warn({ err, messageId: m.messageId }, 'widget reply could not be emailed');
      return {};
    }
  }

  /**
   * Asks every node (through Redis) whether a tab is open. With Redis away only this node can be asked: a tab
   * here gets the reply now; none here may mean a tab on another node, so the send is retried (the outbox
   * backs off) rather than emailed or marked sent unseen.
   */
  async function tabsOf(room: string): Promise<boolean> {
    try {
      return (await widgets.in(room).fetchSockets()).length > 0;
    } catch (err) {
      if ((await widgets.local.in(room).fetchSockets()).length > 0) return true;
      throw new Error(`cannot tell whether the visitor has a tab open on another node (${(err as Error).message})`, { cause: err });
    }
  }

  return {
    channel: 'widget',
    async send(m: OutboundMessage): Promise<SendResult> {
      const visitorId = m.threadKey;
      const message = await presentMessageById(ctx.db, m.messageId);
      if (!message) throw new PermanentDeliveryError('the message no longer exists');
      const room = widgetRooms.visitor(visitorId);
      const connected = await tabsOf(room);
      widgets.to(room).emit('message', message);
      return connected ? {} : emailCopy(m, visitorId);
    },
  };
}
