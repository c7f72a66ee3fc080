import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { channelState } from '../../server/db/schema/index.ts';
import { messageKeyOf } from './ids.ts';

/** Which rating a "tell us more" message belongs to, so the customer's reply to it becomes that rating's comment. */
export interface CommentPrompt {
  ticketId: string;
  resolvedAt: string;
}

const keyOf = (botId: string, chatId: number, messageId: number) => `telegram:csat-comment:${messageKeyOf(botId, chatId, messageId)}`;

export async function saveCommentPrompt(
  ctx: ServiceContext,
  botId: string,
  chatId: number,
  messageId: number,
  prompt: CommentPrompt,
): Promise<void> {
  await ctx.db
    .insert(channelState)
    .values({ key: keyOf(botId, chatId, messageId), value: { ...prompt } })
    .onConflictDoNothing();
}

export async function findCommentPrompt(
  ctx: ServiceContext,
  botId: string,
  chatId: number,
  messageId: number,
): Promise<CommentPrompt | null> {
  const [row] = await ctx.db
    .select()
    .from(channelState)
    .where(eq(channelState.key, keyOf(botId, chatId, messageId)));
  const v = row?.value;
  return typeof v?.ticketId === 'string' && typeof v.resolvedAt === 'string' ? { ticketId: v.ticketId, resolvedAt: v.resolvedAt } : null;
}
