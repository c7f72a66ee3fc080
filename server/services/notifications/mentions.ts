import { and, arrayOverlaps, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { AGENT_ROLES } from '../actor.ts';
import { addFollowers } from './follow.ts';
import { notify } from './notify.ts';
import { whoMaySee } from './who-may-see.ts';

export interface Mention {
  userId: string;
  name: string;
}

// Not after a letter or digit of an address ("lina@example.com"); Chinese text runs on without spaces ("请@王芳看").
const ADDRESS_CHAR = /[A-Za-z0-9_.+-]/;
const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The people named after "@" in a note, in order, each once. Names may hold spaces ("@Lina Wang") or be Chinese
 * ("@王芳"): at each "@" the longest matching name wins, case-insensitively, and a Latin name must end at a word end.
 */
export function parseMentions(text: string, people: readonly Mention[]): Mention[] {
  const byLength = [...people].filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const lower = text.toLowerCase();
  const found = new Map<string, Mention>();
  for (let i = lower.indexOf('@'); i !== -1; i = lower.indexOf('@', i + 1)) {
    if (i > 0 && ADDRESS_CHAR.test(text[i - 1]!)) continue;
    const hit = byLength.find((p) => {
      const name = p.name.toLowerCase();
      if (!lower.startsWith(name, i + 1)) return false;
      const next = text[i + 1 + name.length];
      return !(next && WORD_CHAR.test(next) && WORD_CHAR.test(name.at(-1)!));
    });
    if (hit && !found.has(hit.userId)) found.set(hit.userId, { userId: hit.userId, name: hit.name });
  }
  return [...found.values()];
}

/** Colleagues who can be mentioned: active users with an agent role. */
export async function findMentions(tx: Tx, text: string): Promise<Mention[]> {
  if (!text.includes('@')) return [];
  const people = await tx
    .select({ userId: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.active, true), arrayOverlaps(users.roles, [...AGENT_ROLES])));
  return parseMentions(text, people);
}

/**
 * Tells each mentioned colleague who may see the ticket (kind 'mention'), in the note's transaction, and makes them
 * follow it: having been asked in, they hear of the customer's answer.
 */
export async function notifyMentioned(
  tx: Tx,
  note: { ticketId: string; messageId: string; authorId: string | null; text: string; now: Date },
  mentions: readonly Mention[],
) {
  const ids = mentions.map((m) => m.userId).filter((id) => id !== note.authorId);
  const allowed = await whoMaySee(tx, note.ticketId, ids);
  await addFollowers(tx, note.ticketId, allowed);
  await notify(tx, {
    userIds: allowed,
    kind: 'mention',
    ticketId: note.ticketId,
    actorUserId: note.authorId,
    messageId: note.messageId,
    data: { excerpt: note.text.slice(0, 200) },
    now: note.now,
  });
}
