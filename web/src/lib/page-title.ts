import type { MessageKey } from './i18n/en.ts';

type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export interface TitleState {
  path: string;
  /** The page's HTTP-like status: 404 for an unknown address. */
  status: number;
  /** The open ticket, on its screen. */
  ticket?: { number: number; subject: string } | null;
  /** Unread tickets in the inbox list, shown in the inbox's titles. */
  unread: number;
}

/** Screens by path prefix, the most specific first; each names itself, then the section it is in. */
const screens: Array<[string, MessageKey[]]> = [
  ['/login', ['login.title']],
  ['/setup', ['title.setup']],
  ['/dashboard', ['dashboard.title']],
  ['/reports', ['reports.title']],
  ['/canned', ['canned.title']],
  ['/profile', ['profile.title']],
  ['/new', ['title.newConversation']],
  ['/search', ['search.title']],
  ['/kb/categories', ['kb.tab.categories', 'kb.nav']],
  ['/kb/synonyms', ['kb.tab.synonyms', 'kb.nav']],
  ['/kb/new', ['kb.edit.newTitle', 'kb.nav']],
  ['/kb', ['kb.nav']],
  ['/admin/users', ['nav.users', 'nav.admin']],
  ['/admin/teams', ['nav.teams', 'nav.admin']],
  ['/admin/roles', ['nav.roles', 'nav.admin']],
  ['/admin/routing', ['nav.routing', 'nav.admin']],
  ['/admin/sla', ['nav.sla', 'nav.admin']],
  ['/admin/calendars', ['nav.calendars', 'nav.admin']],
  ['/admin/mailboxes', ['nav.mailboxes', 'nav.admin']],
  ['/admin/telegram', ['nav.telegram', 'nav.admin']],
  ['/admin/widget', ['nav.widget', 'nav.admin']],
  ['/admin', ['nav.admin']],
];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The browser tab's title: "#1042 Order not arrived · Switchboard", "Inbox (3) · Switchboard", "Users · Settings · Switchboard". */
export function documentTitle(s: TitleState, t: Translate): string {
  const parts: string[] = [];
  if (s.status >= 400) parts.push(t(s.status === 404 ? 'title.notFound' : 'title.error'));
  else if (under(s.path, '/inbox')) {
    if (s.ticket)
      parts.push(`${s.unread ? `(${s.unread}) ` : ''}${t('title.ticket', { number: s.ticket.number, subject: s.ticket.subject })}`);
    else parts.push(s.unread ? t('title.inboxUnread', { number: s.unread }) : t('nav.inbox'));
  } else {
    const screen = screens.find(([prefix]) => under(s.path, prefix));
    if (screen) parts.push(...screen[1].map((key) => t(key)));
  }
  return [...parts, t('app.name')].join(' · ');
}
