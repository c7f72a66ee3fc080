/**
 * Shapes the console receives over HTTP, from the types generated from the server's route schemas (api.ts);
 * the socket's own payload types come from the shared event maps (server/realtime/events.ts; imported by path so tests type-check it too).
 */
import type { ApiData, Schema } from './api.ts';

export type TicketList = ApiData<'get', '/tickets'>;
export type TicketListItem = TicketList['tickets'][number];
export type ViewCounts = Schema<'TicketViewCounts'>;
export type TicketDetail = ApiData<'get', '/tickets/{id}'>;
export type TicketChanges = ApiData<'get', '/tickets/changes'>;
export type UserView = Schema<'User'>;
export type ColleagueView = Schema<'Colleague'>;
export type TeamView = Schema<'Team'>;
export type CannedResponseView = Schema<'CannedResponse'>;
export type CsatView = Schema<'CsatRating'>;
export type CsatSummary = Schema<'CsatSummary'>;
export type TicketStatus = Schema<'Ticket'>['status'];
export type Priority = Schema<'Ticket'>['priority'];
export type ChannelKind = Schema<'Ticket'>['channel'];
export type Role = UserView['roles'][number];
export type Presence = UserView['presence'];
export type { MessageView, TicketEventView, TicketView, AttachmentView } from '../../../server/realtime/events.ts';

export const statuses: TicketStatus[] = ['new', 'open', 'pending', 'resolved', 'closed'];
export const priorityList: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const channelList: ChannelKind[] = ['email', 'widget', 'telegram', 'api', 'phone', 'in_person'];
/** Channels whose tickets are routed and queued; phone calls and visits belong to the agent who recorded them. */
export const routedChannelList: ChannelKind[] = ['email', 'widget', 'telegram', 'api'];
export const roleList: Role[] = ['admin', 'supervisor', 'agent', 'editor'];
export const presenceList: Presence[] = ['online', 'away', 'offline'];
