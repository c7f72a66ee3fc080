/** The console's frame and finish (issue #17): tab titles, the not-found page, and what the list, thread and history say. */
export const shellEn = {
  'title.inboxUnread': 'Inbox ({number})',
  'title.ticket': '#{number} {subject}',
  'title.setup': 'Set up',
  'title.notFound': 'Page not found',
  'title.error': 'Something went wrong',
  'notFound.title': 'Page not found',
  'notFound.text': 'There is nothing at {path}. The link may be old or mistyped.',
  'notFound.home': 'Go to the inbox',
  'notFound.signIn': 'Go to sign in',
  'error.page': 'The page could not be shown: {message}',
  'customer.visitor': 'Visitor {number}',
  'history.message_received_many': { one: 'Customer wrote {count} message', other: 'Customer wrote {count} messages' },
  'history.replied_many': { one: 'Replied to the customer {count} time', other: 'Replied to the customer {count} times' },
  'history.note_added_many': { one: 'Added {count} internal note', other: 'Added {count} internal notes' },
  'time.underMinute': 'under 1 min',
} as const;
