import { compareByField, fieldHolds } from './custom-field-filter.ts';
import type { TicketListItem, TicketStatus, TicketView } from './types.ts';

export type InboxSort = 'waiting' | 'priority' | 'updated';
/** `active` (the default) is every status still needing work; a comma list ("new,open") is several. */
export type StatusFilter = 'active' | 'any' | TicketStatus | `${TicketStatus},${string}`;

/** The ticket list's filters behind the supervisor dashboard's numbers (server: tickets/drill-filters.ts). */
export const drillKeys = ['queue', 'sla', 'createdFrom', 'responded', 'resolvedFrom', 'ratedFrom', 'rating'] as const;
export type Drill = Partial<Record<(typeof drillKeys)[number], string>>;
export const hasDrill = (q: InboxQuery) => Object.keys(q.drill).length > 0;

export interface InboxQuery {
  view: string;
  status: StatusFilter;
  channel: string;
  priority: string;
  tag: string;
  assigneeId: string;
  q: string;
  /** A custom ticket field, `key:value` ('' for none). */
  field: string;
  sort: InboxSort;
  /** Sort by this custom ticket field instead of `sort` ('' for none). */
  sortField: string;
  drill: Drill;
}

const ACTIVE: TicketStatus[] = ['new', 'open', 'pending'];

export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  const sort = params.get('sort');
  return {
    view: params.get('view') || 'mine',
    status: (params.get('status') as StatusFilter) || 'active',
    channel: params.get('channel') ?? '',
    priority: params.get('priority') ?? '',
    tag: params.get('tag') ?? '',
    assigneeId: params.get('assigneeId') ?? '',
    q: params.get('q') ?? '',
    field: params.get('field') ?? '',
    sort: sort === 'priority' || sort === 'updated' ? sort : 'waiting',
    sortField: params.get('sortField') ?? '',
    drill: Object.fromEntries(drillKeys.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))),
  };
}

/** The query string that reproduces this query (defaults left out, so links stay short). */
export function inboxSearch(q: InboxQuery): string {
  const p = new URLSearchParams();
  p.set('view', q.view);
  if (q.status !== 'active') p.set('status', q.status);
  for (const k of ['channel', 'priority', 'tag', 'assigneeId', 'q', 'field', 'sortField'] as const) if (q[k]) p.set(k, q[k]);
  if (q.sort !== 'waiting') p.set('sort', q.sort);
  for (const k of drillKeys) if (q.drill[k]) p.set(k, q.drill[k]);
  return `?${p.toString()}`;
}

export function apiParams(q: InboxQuery) {
  return {
    view: q.view,
    status: q.status === 'any' ? undefined : q.status === 'active' ? ACTIVE.join(',') : q.status,
    channel: q.channel || undefined,
    priority: q.priority || undefined,
    tag: q.tag || undefined,
    assigneeId: q.assigneeId || undefined,
    q: q.q || undefined,
    field: q.field || undefined,
    sort: q.sort,
    sortField: q.sortField || undefined,
    ...q.drill,
  };
}

/**
 * Whether a ticket pushed over the socket belongs in the list being shown. Mirrors the server's filters so the
 * list can change live; text search and the dashboard's filters cannot be judged here, so such a list only
 * updates tickets it holds (see `joinsLive`).
 */
export function matchesQuery(t: TicketView, q: InboxQuery, me: string): boolean {
  if (q.view === 'mine' && t.assigneeId !== me) return false;
  if (q.view === 'unassigned' && t.assigneeId !== null) return false;
  if ((q.view === 'spam') !== t.spam) return false;
  if (q.view.startsWith('team:') && t.teamId !== q.view.slice(5)) return false;
  if (q.status === 'active' && !ACTIVE.includes(t.status)) return false;
  if (q.status !== 'active' && q.status !== 'any' && !q.status.split(',').includes(t.status)) return false;
  if (q.channel && t.channel !== q.channel) return false;
  if (q.priority && t.priority !== q.priority) return false;
  if (q.tag && !t.tags.includes(q.tag)) return false;
  if (q.assigneeId && t.assigneeId !== q.assigneeId) return false;
  if (q.field && !fieldHolds(t.customFields, q.field)) return false;
  return true;
}

/** Whether a ticket that fits the visible filters may be added live (the server alone judges search and drill filters). */
export const joinsLive = (q: InboxQuery) => !q.q && !hasDrill(q);

const rank = { urgent: 3, high: 2, normal: 1, low: 0 } as const;
const waitingSince = (t: TicketView) => Date.parse(t.lastCustomerMessageAt ?? t.createdAt);
const unanswered = (t: TicketView) =>
  t.lastCustomerMessageAt !== null && (t.lastAgentMessageAt === null || t.lastAgentMessageAt < t.lastCustomerMessageAt) ? 0 : 1;

/** The same order as the server's sort keys (list-tickets.ts), for re-ordering after live changes. */
export function compareTickets(sort: InboxSort, sortField = ''): (a: TicketListItem, b: TicketListItem) => number {
  const byId = (a: TicketView, b: TicketView) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sortField)
    return (a, b) =>
      compareByField(a.customFields, b.customFields, sortField) || Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || byId(a, b);
  if (sort === 'updated') return (a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || byId(a, b);
  if (sort === 'priority') return (a, b) => rank[b.priority] - rank[a.priority] || waitingSince(a) - waitingSince(b) || byId(a, b);
  return (a, b) => unanswered(a) - unanswered(b) || waitingSince(a) - waitingSince(b) || byId(a, b);
}
