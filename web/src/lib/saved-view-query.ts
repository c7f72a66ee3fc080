import { drillKeys, parseInboxQuery, type Drill, type InboxQuery, type StatusFilter } from './inbox-query.ts';

/** A saved view's filters as the server stores them: the ticket list's query (GET /tickets) as JSON. */
export type ViewFilters = Record<string, unknown>;

const ACTIVE = ['new', 'open', 'pending'];
const list = (v: string) => (v ? v.split(',') : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The inbox's filters as a saved view keeps them ('active' becomes the three statuses it stands for). */
export function filtersOf(q: InboxQuery): ViewFilters {
  const status = q.status === 'any' ? undefined : q.status === 'active' ? ACTIVE : q.status.split(',');
  const out: ViewFilters = {
    view: q.view,
    status,
    channel: list(q.channel),
    priority: list(q.priority),
    tag: q.tag || undefined,
    assigneeId: q.assigneeId || undefined,
    q: q.q || undefined,
    field: q.field ? [q.field] : undefined,
    sort: q.sort,
    sortField: q.sortField || undefined,
  };
  for (const k of drillKeys)
    if (q.drill[k]) out[k] = k === 'responded' ? q.drill[k] === 'true' : k === 'rating' ? Number(q.drill[k]) : q.drill[k];
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** The inbox query a saved view opens. */
export function queryOf(f: ViewFilters): InboxQuery {
  const status = strings(f.status);
  const statusFilter: StatusFilter =
    status.length === 0
      ? 'any'
      : status.length === 3 && ACTIVE.every((s) => status.includes(s))
        ? 'active'
        : (status.join(',') as StatusFilter);
  const drill: Drill = {};
  for (const k of drillKeys) if (f[k] !== undefined && f[k] !== null) drill[k] = String(f[k]);
  const base = parseInboxQuery(new URLSearchParams());
  const sort = text(f.sort);
  return {
    ...base,
    view: text(f.view) || 'all',
    status: statusFilter,
    channel: strings(f.channel).join(','),
    priority: strings(f.priority).join(','),
    tag: text(f.tag),
    assigneeId: text(f.assigneeId),
    q: text(f.q),
    field: strings(f.field)[0] ?? '',
    sort: sort === 'priority' || sort === 'updated' ? sort : 'waiting',
    sortField: text(f.sortField),
    drill,
  };
}
