/**
 * Which tickets this agent has looked at since their last message, kept in this browser (per user).
 * A ticket is unread when a message arrived after the agent last opened it.
 */
const KEY = 'switchboard.seen';
const MAX = 2_000;

type Seen = Record<string, number>;
let cache: { user: string; seen: Seen } | null = null;

function load(user: string): Seen {
  if (cache?.user === user) return cache.seen;
  let seen: Seen;
  try {
    seen = JSON.parse(localStorage.getItem(`${KEY}.${user}`) ?? '{}') as Seen;
  } catch {
    seen = {};
  }
  cache = { user, seen };
  return seen;
}

export function markSeen(user: string, ticketId: string, at = Date.now()): void {
  const seen = load(user);
  seen[ticketId] = at;
  const ids = Object.keys(seen);
  if (ids.length > MAX) for (const id of ids.sort((a, b) => seen[a]! - seen[b]!).slice(0, ids.length - MAX)) delete seen[id];
  try {
    localStorage.setItem(`${KEY}.${user}`, JSON.stringify(seen));
  } catch {
    // Storage full or disabled: markers fall back to this tab's memory.
  }
}

export function isUnread(user: string, t: { id: string; lastCustomerMessageAt: string | null }): boolean {
  if (!t.lastCustomerMessageAt) return false;
  const seenAt = load(user)[t.id];
  return seenAt === undefined || Date.parse(t.lastCustomerMessageAt) > seenAt;
}
