/**
 * The /agents Socket.IO contract, shared by the server and the console (web/ imports this file through the
 * `$realtime` alias). Pure types: nothing here may import runtime code, or the console would bundle it.
 */
import type { Presence } from '../db/schema/users.ts';
import type { WireError } from '../errors.ts';
import type { AttachmentView, MessageView, TicketEventView, TicketView } from '../services/tickets/present.ts';
import type { ColleagueView, UserView } from '../services/users/present-user.ts';
import type { QueueStats } from '../services/routing/queue-stats.ts';
import type { SlaMetric } from '../db/schema/sla-policies.ts';
import type { TicketSuggestions } from '../../knowledge-base/suggest/types.ts';
import type { CsatView } from '../services/csat/present.ts';
import type { NotificationView } from '../services/notifications/present.ts';

export type { QueueStats, SlaMetric, TicketSuggestions };
export type { AttachmentView, ColleagueView, MessageView, NotificationView, Presence, TicketEventView, TicketView, UserView };

export type TypingState = 'start' | 'stop';

/** Who is typing: an agent in the console, or the customer on a live channel (widget). */
export type Typist = { type: 'agent'; userId: string; name: string } | { type: 'customer' };

export interface TypingPayload {
  ticketId: string;
  state: TypingState;
  who: Typist;
}

export interface PresencePayload {
  userId: string;
  name: string;
  presence: Presence;
  at: string;
}

/** Someone has a ticket open ("viewing") or closed it ("left"); viewers repeat it while open. Replying shows by `typing`. */
export interface TicketViewerPayload {
  ticketId: string;
  userId: string;
  name: string;
  state: 'viewing' | 'left';
  at: string;
}

export type AckError = WireError;

/** Every client send is answered with this; `clientId` echoes the send's id. */
export type Ack<T = null> = { ok: true; clientId: string; data: T } | { ok: false; clientId: string; error: AckError };

/** Server -> console. */
export interface AgentServerEvents {
  'ticket.created': (p: { ticket: TicketView }) => void;
  'ticket.updated': (p: { ticket: TicketView; changes: string[] }) => void;
  /** The ticket moved out of what this user may see (transferred to another team or agent). */
  'ticket.removed': (p: { ticketId: string }) => void;
  'message.created': (p: { ticket: TicketView; message: MessageView }) => void;
  'message.status': (p: {
    ticketId: string;
    messageId: string;
    status: MessageView['deliveryStatus'];
    error: string | null;
    /** A queued message waiting for another try after a failure: when it is due (absent: unchanged or none). */
    nextAttemptAt?: string | null;
  }) => void;
  typing: (p: TypingPayload) => void;
  /** The customer has seen the agents' messages up to and including `upTo` (live channels: the widget). */
  'customer.read': (p: { ticketId: string; upTo: string; at: string }) => void;
  'presence.changed': (p: PresencePayload) => void;
  /** A team's queue changed: waiting count, oldest wait, each member's load (to the team and supervisors). */
  'queue.stats': (p: QueueStats) => void;
  /** A share of an SLA target has run on a ticket you can see (its assignee is the one to act). */
  'sla.warning': (p: { ticket: TicketView; metric: SlaMetric; dueAt: string }) => void;
  /** A ticket missed an SLA target and was escalated (supervisors always hear of it). */
  'sla.breached': (p: {
    ticket: TicketView;
    metrics: SlaMetric[];
    level: number;
    fromTeamId: string | null;
    toTeamId: string | null;
  }) => void;
  /** Knowledge-base articles suggested for a ticket after a customer message ("unavailable" when search is down). */
  'kb.suggestions': (p: TicketSuggestions) => void;
  /** A customer rated a ticket you can see (or added a comment to their rating). */
  'csat.recorded': (p: { csat: CsatView }) => void;
  /** Supervisors: a dashboard number moved (at most once a second); refetch GET /api/dashboard. */
  'dashboard.changed': (p: { at: string; reasons: string[] }) => void;
  /** A notification for you (bell). */
  'notification.created': (p: { notification: NotificationView }) => void;
  /** You read these notifications in another tab. */
  'notification.read': (p: { ids: string[] }) => void;
  /** A colleague opened or left a ticket whose room you are in (collision warning). */
  'ticket.viewer': (p: TicketViewerPayload) => void;
  /** Live events from other app nodes were lost from `since` (Redis was away): refetch as after a reconnect. */
  'events.missed': (p: { since: string }) => void;
}

export interface ClientSend {
  /** Chosen by the client (e.g. crypto.randomUUID()); echoed in the ack. */
  clientId: string;
}

/** Console -> server; each send gets an Ack. */
export interface AgentClientEvents {
  /** Join the ticket's room (typing indicators) while its conversation is open. */
  'ticket.watch': (p: ClientSend & { ticketId: string }, ack: (a: Ack) => void) => void;
  'ticket.unwatch': (p: ClientSend & { ticketId: string }, ack: (a: Ack) => void) => void;
  typing: (p: ClientSend & { ticketId: string; state: TypingState }, ack: (a: Ack) => void) => void;
  /** Tell the ticket's other viewers you have it open (on open and every 20 s) or left it; joins its room. */
  'ticket.presence': (p: ClientSend & { ticketId: string; state: 'viewing' | 'left' }, ack: (a: Ack) => void) => void;
  'presence.set': (p: ClientSend & { presence: Presence }, ack: (a: Ack<{ presence: Presence }>) => void) => void;
}

export type AgentEventName = keyof AgentServerEvents;
export type AgentEventPayload<K extends AgentEventName> = Parameters<AgentServerEvents[K]>[0];
