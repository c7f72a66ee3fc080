/** Console finish (issue #17): the end of a conversation in its thread, the phone layout, and accessible names. */
export const finishEn = {
  'thread.resolved': 'Resolved by {name}',
  'thread.closed': 'Closed by {name}',
  'thread.closedAuto': 'Closed automatically',
  'thread.reopened': 'Reopened by {name}',
  'thread.reopenedByReply': 'Reopened: {name} wrote again',
  'thread.rated': '{name} rated the service',
  'thread.reason': 'Reason: {reason}',
  'ticket.noSubject': '(no subject)',
  'inbox.firstRunWidget': 'Website chat',
  'nav.menu': 'Menu',
  'a11y.skipToContent': 'Skip to content',
} as const;
