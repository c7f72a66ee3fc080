import type { ServerType } from '@hono/node-server';
import { Server } from 'socket.io';
import type { ServiceContext } from '../context.ts';
import { authenticateSocket, type Admission } from './auth.ts';
import { onAgentConnection } from './connection.ts';
import { dashboardPulse } from './dashboard-pulse.ts';
import { fanOut } from './fan-out.ts';
import { trackPresence } from './presence.ts';
import type { RedisFanOut } from './redis.ts';
import type { AgentNamespace, AgentSocket } from './types.ts';

export interface Realtime {
  io: Server;
  agents: AgentNamespace;
  close(): Promise<void>;
}

/**
 * Socket.IO on the API's HTTP server: /agents for the console (the widget adds its own namespace to `io`).
 * With `redis` every namespace reaches the sockets of all app nodes; without it, this process's only.
 */
export function createRealtime(ctx: ServiceContext, http: ServerType, redis?: RedisFanOut | null): Realtime {
  // CORS without credentials: the chat widget on other sites may long-poll /widget (which checks each inbox's
  // allowed origins itself); no cookie rides along, and /agents refuses other origins anyway.
  const cors = { origin: true, credentials: false };
  const io = new Server(http, {
    serveClient: false,
    pingInterval: 15_000,
    pingTimeout: 10_000,
    // Well above anything a handler accepts (a widget message is at most 20,000 characters), so an oversized
    // message is refused by its handler with an ack the widget shows; only a frame past this closes the socket.
    maxHttpBufferSize: 1_000_000,
    cors,
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  const agents: AgentNamespace = io.of('/agents');
  const admissions = new WeakMap<AgentSocket, Admission>();
  agents.use(authenticateSocket(ctx, admissions));
  const presence = trackPresence(ctx, agents);
  agents.on('connection', (socket) => {
    onAgentConnection(ctx, socket, presence, admissions.get(socket)!).catch((err: unknown) => {
      ctx.log.error({ err }, 'socket set-up failed');
      socket.disconnect(true);
    });
  });
  const stopFanOut = fanOut(ctx, agents);
  const stopPulse = dashboardPulse(ctx, agents);
  // Events other nodes published while Redis was away never reached this node's consoles: they refetch.
  redis?.onRecovered((since) => agents.local.emit('events.missed', { since: since.toISOString() }));

  return {
    io,
    agents,
    async close() {
      stopFanOut();
      stopPulse();
      presence.stop();
      // Not io.close(): it would also close the HTTP server, which start.ts closes after the other stops.
      io.disconnectSockets(true);
      await Promise.allSettled([...io._nsps.values()].map((nsp) => nsp.adapter.close()));
      io.engine.close();
      await redis?.close();
    },
  };
}
