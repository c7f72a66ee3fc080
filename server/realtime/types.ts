import type { Namespace, Socket } from 'socket.io';
import type { Actor } from '../services/actor.ts';
import type { AgentClientEvents, AgentServerEvents, UserView } from './events.ts';

export interface AgentSocketData {
  actor: Actor & { type: 'user' };
  user: UserView;
  /** The session's database key (a hash), never the cookie value. */
  sessionId: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInterServerEvents = {};

export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, NoInterServerEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, NoInterServerEvents, AgentSocketData>;

export const rooms = {
  agent: (userId: string) => `agent:${userId}`,
  team: (teamId: string) => `team:${teamId}`,
  ticket: (ticketId: string) => `ticket:${ticketId}`,
  /** Admins and supervisors: they see every ticket. */
  supervisors: 'supervisors',
  /** Everyone with an agent role: team-less tickets are visible to all of them. */
  agents: 'agents',
} as const;
