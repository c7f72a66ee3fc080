import type { Server } from 'socket.io';
import type { ServiceContext } from '../../server/context.ts';
import type { ChannelAdapter } from '../types.ts';
import { createWidgetAdapter } from './adapter.ts';
import { onVisitorConnection } from './connection.ts';
import { relayCsatRequests } from './csat.ts';
import { admitVisitor } from './handshake.ts';
import type { WidgetInbox } from './inbox.ts';
import { WIDGET_NAMESPACE } from './protocol.ts';
import { relayToVisitors } from './relay.ts';
import { relayResolutions } from './resolution.ts';
import { visitorTokens } from './token.ts';
import type { WidgetNamespace, WidgetSocket } from './types.ts';

export interface WidgetChannel {
  adapter: ChannelAdapter;
  namespace: WidgetNamespace;
  stop(): Promise<void>;
}

/** The /widget namespace on the server's Socket.IO, its relays from domain events, and the registry's adapter. */
export function createWidgetChannel(ctx: ServiceContext, io: Server, deps: { email: () => ChannelAdapter | null }): WidgetChannel {
  const tokens = visitorTokens(ctx);
  const widgets: WidgetNamespace = io.of(WIDGET_NAMESPACE);
  const admitted = new WeakMap<WidgetSocket, WidgetInbox>();
  widgets.use(admitVisitor(ctx, tokens, admitted));
  widgets.on('connection', (socket) => {
    onVisitorConnection(ctx, widgets, socket, admitted.get(socket)!).catch((err: unknown) => {
      ctx.log.error({ err }, 'widget socket set-up failed');
      socket.emit('problem', { code: 'INTERNAL', message: 'The chat could not start; reconnecting' });
      socket.disconnect(true);
    });
  });
  const stopRelay = relayToVisitors(ctx, widgets);
  const stopCsat = relayCsatRequests(ctx, widgets);
  const stopResolutions = relayResolutions(ctx, widgets);
  return {
    adapter: createWidgetAdapter(ctx, widgets, deps.email),
    namespace: widgets,
    async stop() {
      stopRelay();
      stopCsat();
      stopResolutions();
      widgets.disconnectSockets(true);
    },
  };
}
