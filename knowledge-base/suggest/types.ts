import type { Highlighted } from '../search/engine.ts';

export interface Suggestion {
  articleId: string;
  slug: string;
  kind: string;
  visibility: string;
  title: Highlighted;
  snippet: Highlighted;
  /** Plain text an agent can insert into the reply: the workaround of a defect, else the article text. */
  replyText: string;
  score: number;
}

/** The `kb.suggestions` domain event and the GET answer: "unavailable" when the search engine is down. */
export type TicketSuggestions =
  | { ticketId: string; status: 'ok'; suggestions: Suggestion[]; query: string }
  | { ticketId: string; status: 'unavailable'; suggestions: []; query: string; reason: string };
