import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { csatResponses, tickets } from '../../server/db/schema/index.ts';
import { systemActor } from '../../server/services/actor.ts';
import { answerCsatSurvey } from '../../server/services/csat/answer-survey.ts';
import { surveyExpiresAt, surveyTokens } from '../../server/services/csat/survey-token.ts';
import { loadWidgetInbox } from './inbox.ts';
import type { WidgetCsatAnswer, WidgetCsatRequest } from './protocol.ts';
import type { Visitor } from './visitors.ts';
import { widgetRooms, type WidgetNamespace } from './types.ts';

const channel = systemActor('widget');
const submitSchema = z.object({ token: z.string().min(1).max(200), rating: z.number(), comment: z.string().max(2000).optional() });

/**
 * The survey the visitor still owes: their live conversation (at most one is not closed) is resolved, the inbox
 * asks for ratings, and that resolution is unanswered and not expired. A closed conversation is not asked about.
 */
export async function pendingCsat(ctx: ServiceContext, inboxCsat: boolean, visitorId: string): Promise<WidgetCsatRequest | null> {
  if (!inboxCsat) return null;
  const [t] = await ctx.db
    .select({ id: tickets.id, status: tickets.status, resolvedAt: tickets.resolvedAt })
    .from(tickets)
    .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId), ne(tickets.status, 'closed')));
  if (t?.status !== 'resolved' || !t.resolvedAt || surveyExpiresAt(t.resolvedAt) <= ctx.now()) return null;
  const [answered] = await ctx.db
    .select({ id: csatResponses.id })
    .from(csatResponses)
    .where(and(eq(csatResponses.ticketId, t.id), eq(csatResponses.resolvedAt, t.resolvedAt)));
  return answered ? null : csatRequest(ctx, t.id, t.resolvedAt);
}

const csatRequest = (ctx: ServiceContext, ticketId: string, resolvedAt: Date): WidgetCsatRequest => ({
  ticketId,
  resolvedAt: resolvedAt.toISOString(),
  token: surveyTokens(ctx.config).issue(ticketId, resolvedAt),
  expiresAt: surveyExpiresAt(resolvedAt).toISOString(),
});

/** csat.submit: the visitor's answer, stored once per resolution; every tab of theirs hears it was answered. */
export async function submitCsat(
  ctx: ServiceContext,
  widgets: WidgetNamespace,
  visitor: Visitor,
  payload: unknown,
): Promise<WidgetCsatAnswer> {
  const p = submitSchema.parse(payload);
  const csat = await answerCsatSurvey(ctx, channel, {
    token: p.token,
    rating: p.rating,
    ...(p.comment?.trim() ? { comment: p.comment } : {}),
    respondent: { channel: 'widget', customerExternalId: visitor.visitorId },
  });
  const answer = { ticketId: csat.ticketId, rating: csat.rating, comment: csat.comment };
  widgets.to(widgetRooms.visitor(visitor.visitorId)).emit('csat.answered', answer);
  return answer;
}

/** An agent resolved a widget conversation: every open tab of its visitor is asked for a rating. */
export function relayCsatRequests(ctx: ServiceContext, widgets: WidgetNamespace): () => void {
  return ctx.events.on('ticket.updated', ({ ticket, changes }) => {
    if (ticket.channel !== 'widget' || ticket.status !== 'resolved' || !changes.includes('status') || !ticket.resolvedAt) return;
    void (async () => {
      const [t] = await ctx.db
        .select({ threadKey: tickets.threadKey, inboxId: tickets.inboxId })
        .from(tickets)
        .where(eq(tickets.id, ticket.id));
      const inbox = t ? await loadWidgetInbox(ctx, t.inboxId) : null;
      if (!t || !inbox?.settings.csat) return;
      widgets.to(widgetRooms.visitor(t.threadKey)).emit('csat.request', csatRequest(ctx, ticket.id, new Date(ticket.resolvedAt!)));
    })().catch((err: unknown) => ctx.log.error({ err, ticketId: ticket.id }, 'widget csat request failed'));
  });
}
