import type { ApiQuery } from './api.ts';

/** The search page's query, as kept in its URL: a link or a reload shows the same results. */
export interface SearchQuery {
  q: string;
  status: string;
  channel: string;
  customerId: string;
  assigneeId: string;
  tag: string;
  from: string;
  to: string;
}

const keys = ['q', 'status', 'channel', 'customerId', 'assigneeId', 'tag', 'from', 'to'] as const;

export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as unknown as SearchQuery;
}

/** `/search?...` with the empty filters left out. */
export function searchHref(q: Partial<SearchQuery>): string {
  const p = new URLSearchParams();
  for (const k of keys) if (q[k]?.trim()) p.set(k, q[k].trim());
  const s = p.toString();
  return s ? `/search?${s}` : '/search';
}

export function apiQuery(q: SearchQuery, cursor?: string): ApiQuery<'/search/tickets'> {
  const query: Record<string, string> = {};
  for (const k of keys) if (q[k]) query[k] = q[k];
  return { ...query, ...(cursor ? { cursor } : {}) };
}
