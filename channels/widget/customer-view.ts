import type { WidgetInbox } from './inbox.ts';
import type { WidgetWelcome } from './protocol.ts';
import type { Visitor, VisitorRow } from './visitors.ts';

/** What the widget shows of its customer: pre-chat answers first, then the host site's claim (email only if verified). */
export function customerOf(row: Pick<VisitorRow, 'name' | 'email' | 'verifiedUserId'> | null, v: Visitor): WidgetWelcome['customer'] {
  return {
    name: row?.name ?? v.identity?.name ?? null,
    email: row?.email ?? v.identity?.email ?? null,
    verified: !!row?.verifiedUserId || !!v.identity?.verified,
  };
}

/** Which required pre-chat field is still missing (name first), if any. */
export function missingPreChat(
  inbox: Pick<WidgetInbox, 'settings'>,
  c: { name: string | null; email: string | null },
): 'name' | 'email' | null {
  if (inbox.settings.preChat.name === 'required' && !c.name) return 'name';
  if (inbox.settings.preChat.email === 'required' && !c.email) return 'email';
  return null;
}
