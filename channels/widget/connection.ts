import type { ServiceContext } from '../../server/context.ts';
import { makeStorable } from '../../server/security/storable-text.ts';
import { toWireError } from '../../server/wire-error.ts';
import { pendingCsat, submitCsat } from './csat.ts';
import type { WidgetInbox } from './inbox.ts';
import { submitPreChat } from './prechat.ts';
import type { WidgetAck } from './protocol.ts';
import { socketBudget } from './rate-limits.ts';
import { customerRead, customerTyping } from './read-typing.ts';
import { sendCustomerMessage } from './send-message.ts';
import { widgetRooms, type WidgetNamespace, type WidgetSocket } from './types.ts';
import { buildWelcome } from './welcome.ts';

/** Payload -> verb -> ack in the protocol's shape; a send without an ack callback is still handled. */
function acked<T>(ctx: ServiceContext, fn: (payload: unknown) => Promise<T>) {
  return async (payload: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: WidgetAck<T>) => void) : () => {};
    try {
      // A visitor cannot be asked to fix a NUL or a lone surrogate (PostgreSQL refuses both): they are cleaned.
      reply({ ok: true, data: await fn(makeStorable(payload)) });
    } catch (err) {
      reply({ ok: false, error: toWireError(err, { log: ctx.log, at: 'widget socket' }).error });
    }
  };
}

/** One widget tab: its rooms, its welcome, and what it may send. */
export async function onVisitorConnection(
  ctx: ServiceContext,
  widgets: WidgetNamespace,
  socket: WidgetSocket,
  inbox: WidgetInbox,
): Promise<void> {
  const conn = socket.data;
  const { visitor } = conn;
  // Handlers first: a widget may send (e.g. a resend) as soon as it is connected, before the welcome arrives.
  socket.on(
    'message.send',
    acked(ctx, async (p) => {
      const { message, created } = await sendCustomerMessage(ctx, conn, p);
      if (created) socket.to(widgetRooms.visitor(visitor.visitorId)).emit('message', message);
      return message;
    }),
  );
  socket.on(
    'prechat.submit',
    acked(ctx, (p) => submitPreChat(ctx, visitor, p, conn.locale)),
  );
  const budget = socketBudget(20, 10_000);
  socket.on(
    'typing',
    acked(ctx, (p) => (budget('typing events'), customerTyping(ctx, visitor, p))),
  );
  socket.on(
    'read',
    acked(ctx, (p) => (budget('read markers'), customerRead(ctx, visitor, p))),
  );
  const surveys = socketBudget(10, 60_000);
  socket.on(
    'csat.submit',
    acked(ctx, (p) => (surveys('survey answers'), submitCsat(ctx, widgets, visitor, p))),
  );
  await socket.join([widgetRooms.visitor(visitor.visitorId), widgetRooms.inbox(inbox.id)]);
  socket.emit('welcome', await buildWelcome(ctx, inbox, visitor, conn.locale));
  // A survey asked while no tab was open (or before a reload) is asked again until answered or expired.
  const survey = await pendingCsat(ctx, inbox.settings.csat, visitor.visitorId);
  if (survey) socket.emit('csat.request', survey);
}
