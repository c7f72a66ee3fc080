import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db/client.ts';
import { attachments, messages, tickets, users } from '../../server/db/schema/index.ts';
import type { WidgetMessage } from './protocol.ts';
import { presentWidgetMessage, type AgentFace } from './present.ts';

const HISTORY_LIMIT = 300;

type MessageRow = typeof messages.$inferSelect;

/** Messages with their files and agents' faces, as the widget shows them. */
export async function presentRows(db: DbOrTx, rows: MessageRow[]): Promise<WidgetMessage[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const files = await db.select().from(attachments).where(inArray(attachments.messageId, ids)).orderBy(asc(attachments.createdAt));
  const authorIds = [...new Set(rows.map((r) => r.authorUserId).filter((id): id is string => !!id))];
  const faces = authorIds.length
    ? await db.select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl }).from(users).where(inArray(users.id, authorIds))
    : [];
  const faceOf = new Map<string, AgentFace>(faces.map((f) => [f.id, { name: f.name, avatarUrl: f.avatarUrl }]));
  return rows.map((r) =>
    presentWidgetMessage(
      r,
      files.filter((f) => f.messageId === r.id),
      r.authorUserId ? (faceOf.get(r.authorUserId) ?? null) : null,
    ),
  );
}

export async function presentMessageById(db: DbOrTx, messageId: string): Promise<WidgetMessage | null> {
  const rows = await db.select().from(messages).where(eq(messages.id, messageId));
  return (await presentRows(db, rows))[0] ?? null;
}

/**
 * What the visitor said and was answered in this chat: not notes, and not what a merge brought into its ticket from
 * another conversation or channel (someone else's email, say).
 */
const ownChat = [inArray(messages.direction, ['in', 'out']), eq(messages.channel, 'widget'), sql`${messages.meta}->>'mergedFrom' is null`];

/** The visitor's whole conversation (every ticket it ever had), oldest first; internal notes never. */
export async function loadConversation(db: DbOrTx, visitorId: string): Promise<WidgetMessage[]> {
  const rows = await db
    .select({ m: messages })
    .from(messages)
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId), ...ownChat))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(HISTORY_LIMIT);
  return presentRows(db, rows.map((r) => r.m).reverse());
}

/** A message of this visitor's conversation, or null (someone else's id, or a note). */
export async function conversationMessage(db: DbOrTx, visitorId: string, messageId: string) {
  const [row] = await db
    .select({ id: messages.id, ticketId: messages.ticketId, direction: messages.direction, createdAt: messages.createdAt })
    .from(messages)
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(messages.id, messageId), eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId), ...ownChat));
  return row ?? null;
}
