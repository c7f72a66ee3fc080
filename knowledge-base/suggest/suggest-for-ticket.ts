import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, messages, ticketArticleLinks, tickets } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { markdownToText } from '../articles/markdown.ts';
import { searchEngine } from '../search/select.ts';
import type { Suggestion, TicketSuggestions } from './types.ts';

const TOP = 3;
const MAX_QUERY = 2000;

/**
 * Searches published articles with the ticket's subject and latest customer message (read, unless the caller
 * has both at hand) and returns the top three with highlights. With `record`, the new suggestions become 'suggested' links (once per ticket and
 * article) and count towards the articles' stats. A down engine gives status "unavailable", never an error.
 */
export async function suggestForTicket(
  ctx: ServiceContext,
  ticketId: string,
  opts: { record?: boolean; subject?: string; text?: string } = {},
): Promise<TicketSuggestions> {
  const query =
    opts.subject !== undefined && opts.text !== undefined ? searchText(opts.subject, opts.text) : await ticketQuery(ctx, ticketId);
  let hits;
  try {
    hits = (await searchEngine(ctx).search({ q: query, filters: { status: ['published'] }, limit: TOP + 2 })).hits;
  } catch (err) {
    ctx.log.warn({ err, ticketId }, 'knowledge-base suggestions unavailable');
    return { ticketId, status: 'unavailable', suggestions: [], query, reason: 'The knowledge-base search is unavailable' };
  }
  // The index may lag an archive or delete: keep only hits whose article is published now.
  const rows = hits.length
    ? await ctx.db
        .select()
        .from(kbArticles)
        .where(
          and(
            inArray(
              kbArticles.id,
              hits.map((h) => h.id),
            ),
            eq(kbArticles.status, 'published'),
          ),
        )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const suggestions: Suggestion[] = hits
    .flatMap((h) => {
      const a = byId.get(h.id);
      if (!a) return [];
      const replyText = (a.kind === 'defect' && a.workaround.trim() ? a.workaround : markdownToText(a.body) || a.summary).trim();
      return [
        {
          articleId: a.id,
          slug: a.slug,
          kind: a.kind,
          visibility: a.visibility,
          title: h.title,
          snippet: h.snippet,
          replyText,
          score: h.score,
        },
      ];
    })
    .slice(0, TOP);
  if (opts.record && suggestions.length)
    await recordSuggested(
      ctx,
      ticketId,
      suggestions.map((s) => s.articleId),
    );
  return { ticketId, status: 'ok', suggestions, query };
}

/** The ticket's subject and its latest customer message, in one round trip. */
async function ticketQuery(ctx: ServiceContext, ticketId: string): Promise<string> {
  const latest = ctx.db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.ticketId, tickets.id), eq(messages.direction, 'in')))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  const [t] = await ctx.db
    .select({ subject: tickets.subject, text: sql<string | null>`(${latest})` })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!t) throw notFound('Ticket');
  return searchText(t.subject, t.text ?? '');
}

/** What is searched for a ticket: its subject and its latest customer message. */
const searchText = (subject: string, text: string) => `${subject}\n${text}`.slice(0, MAX_QUERY);

async function recordSuggested(ctx: ServiceContext, ticketId: string, articleIds: string[]): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(ticketArticleLinks)
      .values(articleIds.map((articleId) => ({ ticketId, articleId, kind: 'suggested' as const, createdAt: ctx.now() })))
      .onConflictDoNothing()
      .returning({ articleId: ticketArticleLinks.articleId });
    if (fresh.length) {
      await tx
        .update(kbArticles)
        .set({ suggestedCount: sql`${kbArticles.suggestedCount} + 1` })
        .where(
          inArray(
            kbArticles.id,
            fresh.map((f) => f.articleId),
          ),
        );
    }
  });
}
