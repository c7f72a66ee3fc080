import { sql, type SQL } from 'drizzle-orm';
import { customers, messages, tickets } from '../../db/schema/index.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Free-text ticket search: subject, any message text, the customer's name or email, or "#1234" / "1234" for
 * a ticket number. Substring matching (ILIKE, any script: Chinese has no spaces to split words on) kept
 * indexed by the trigram GIN indexes on tickets.subject and messages.text; the one place for matching.
 */
export function ticketTextMatch(q: string): SQL | undefined {
  const term = q.trim();
  if (!term) return undefined;
  const like = `%${escapeLike(term)}%`;
  const number = /^#?(\d{1,15})$/.exec(term)?.[1];
  // One id set from index-friendly parts (trigram scans, the customer index), not an OR over the ticket rows: an OR
  // keeps PostgreSQL from using any index and reads every ticket and every message (bench/search.ts).
  return sql`${tickets.id} in (
    select ${tickets.id} from ${tickets} where ${tickets.subject} ilike ${like}
    union select ${messages.ticketId} from ${messages} where ${messages.text} ilike ${like}
    union select ${tickets.id} from ${tickets} where ${tickets.customerId} in (
      select ${customers.id} from ${customers} where ${customers.name} ilike ${like} or ${customers.email} ilike ${like})
    ${number ? sql`union select ${tickets.id} from ${tickets} where ${tickets.number} = ${Number(number)}` : sql``})`;
}

/** The newest message of the ticket that contains the term, for the result's snippet. */
export function matchingMessageText(q: string): SQL<string | null> {
  const like = `%${escapeLike(q.trim())}%`;
  return sql<string | null>`(select ${messages.text} from ${messages}
    where ${messages.ticketId} = ${tickets.id} and ${messages.text} ilike ${like}
    order by ${messages.createdAt} desc limit 1)`;
}

export interface Snippet {
  /** Pieces of plain text in order; `match` marks the term. The client renders them as text, never as HTML. */
  parts: { text: string; match: boolean }[];
}

const AROUND = 60;

/**
 * A window of `text` around the first occurrence of the term with every occurrence marked, or null when the
 * term is not in it. Case-insensitive, in any script; indexes are kept on the original string.
 */
export function highlight(text: string, q: string, around = AROUND): Snippet | null {
  const term = q.trim();
  if (!term) return null;
  const hay = text.toLowerCase();
  const needle = term.toLowerCase();
  // toLowerCase can change a string's length (e.g. 'İ'); then offsets would drift: fall back to no snippet.
  if (hay.length !== text.length) return null;
  const first = hay.indexOf(needle);
  if (first < 0) return null;
  const start = Math.max(0, first - around);
  const end = Math.min(text.length, first + needle.length + around);
  const parts: Snippet['parts'] = [];
  if (start > 0) parts.push({ text: '…', match: false });
  let at = start;
  for (let i = first; i >= 0 && i < end; i = hay.indexOf(needle, i + needle.length)) {
    if (i > at) parts.push({ text: squash(text.slice(at, i)), match: false });
    const stop = Math.min(i + needle.length, end);
    parts.push({ text: text.slice(i, stop), match: true });
    at = stop;
  }
  if (at < end) parts.push({ text: squash(text.slice(at, end)), match: false });
  if (end < text.length) parts.push({ text: '…', match: false });
  return { parts };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');
