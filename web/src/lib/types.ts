/**
 * Shapes the console receives, taken from the server's own presenters and verbs (type-only imports through
 * the `$server` alias: nothing from the server is bundled).
 */
import type { listTickets } from '$server/services/tickets/list-tickets.ts';
import type { getTicket } from '$server/services/tickets/get-ticket.ts';
import type { ticketsChangedSince } from '$server/services/tickets/tickets-changed-since.ts';
import type { TeamView } from '$server/services/teams/present-team.ts';
import type { ColleagueView, UserView } from '$server/services/users/present-user.ts';
import type { Priority, TicketStatus } from '$server/db/schema/tickets.ts';
import type { ChannelKind } from '$server/db/schema/columns.ts';
import type { Presence, Role } from '$server/db/schema/users.ts';
import type { CannedResponseView } from '$server/services/canned-responses/present.ts';
import type { CsatView } from '$server/services/csat/present.ts';
import type { CsatSummary } from '$server/services/csat/summaries.ts';

export type TicketList = Awaited<ReturnType<typeof listTickets>>;
export type TicketListItem = TicketList['tickets'][number];
export type ViewCounts = NonNullable<TicketList['counts']>;
export type TicketDetail = Awaited<ReturnType<typeof getTicket>>;
export type TicketChanges = Awaited<ReturnType<typeof ticketsChangedSince>>;
export type { CannedResponseView, ChannelKind, CsatSummary, CsatView, ColleagueView, Presence, Priority, Role, TeamView, TicketStatus, UserView };
export type { MessageView, TicketEventView, TicketView, AttachmentView } from '$realtime/events';

export const statuses: TicketStatus[] = ['new', 'open', 'pending', 'resolved', 'closed'];
export const priorityList: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const channelList: ChannelKind[] = ['email', 'widget', 'telegram', 'api'];
export const roleList: Role[] = ['admin', 'supervisor', 'agent', 'editor'];
export const presenceList: Presence[] = ['online', 'away', 'offline'];
