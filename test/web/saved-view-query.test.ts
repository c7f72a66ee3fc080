import { describe, expect, it } from 'vitest';
import { inboxSearch, parseInboxQuery } from '../../web/src/lib/inbox-query.ts';
import { filtersOf, queryOf } from '../../web/src/lib/saved-view-query.ts';

describe('saved view filters', () => {
  it('keeps the inbox filters in the ticket list’s own query shape and opens the same list again', () => {
    const q = parseInboxQuery(new URLSearchParams('view=mine&channel=email&priority=high&tag=vip&q=refund&sort=priority&sla=breached'));
    const f = filtersOf(q);
    expect(f).toEqual({
      view: 'mine',
      status: ['new', 'open', 'pending'],
      channel: ['email'],
      priority: ['high'],
      tag: 'vip',
      q: 'refund',
      sort: 'priority',
      sla: 'breached',
    });
    expect(inboxSearch(queryOf(f))).toBe(inboxSearch(q));
  });

  it('maps "any status" to no status filter and a status list back to itself', () => {
    const any = filtersOf(parseInboxQuery(new URLSearchParams('view=all&status=any')));
    expect(any.status).toBeUndefined();
    expect(queryOf(any).status).toBe('any');
    expect(queryOf({ view: 'all', status: ['resolved', 'closed'] }).status).toBe('resolved,closed');
    expect(queryOf({}).view).toBe('all');
  });
});
