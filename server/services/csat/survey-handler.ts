import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isRecordChannel, type ChannelRegistry } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { tickets } from '../../db/schema/index.ts';
import type { OutboxHandler } from '../outbox/handlers.ts';

/**
 * 'csat.survey' (queued by resolve in its transaction): asks for a rating through the ticket's channel adapter.
 * Email and Telegram queue a survey message (mail with rating links, chat message with rating buttons), once per
 * resolution however often this runs. The widget asks on its own: open tabs on ticket.updated, and any tab
 * that connects later while the survey is unanswered. A ticket reopened meanwhile is not asked about the old resolution.
 */
export function csatSurveyHandler(ctx: ServiceContext, channels: ChannelRegistry): OutboxHandler<{ ticketId: string; resolvedAt: string }> {
  return {
    schema: z.object({ ticketId: z.uuid(), resolvedAt: z.iso.datetime() }),
    async run({ ticketId, resolvedAt }) {
      const [t] = await ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
      if (!t?.resolvedAt || t.resolvedAt.toISOString() !== resolvedAt || isRecordChannel(t.channel)) return;
      await channels[t.channel]?.requestRating?.(t, t.resolvedAt);
    },
  };
}
