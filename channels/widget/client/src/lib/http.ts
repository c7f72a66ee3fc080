import type { WidgetAttachment, WidgetError, WidgetPublicSettings } from '../../../protocol.ts';
import type { Highlighted } from './self-service.ts';

export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: WidgetError,
  ) {
    super(error.message);
  }
}

async function refusal(res: Response): Promise<HttpRefusal> {
  const body = (await res.json().catch(() => null)) as { error?: WidgetError } | null;
  return new HttpRefusal(res.status, body?.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}` });
}

/** Before connecting: enough to draw the launcher. */
export async function fetchSettings(origin: string, inboxId: string, locale: string): Promise<WidgetPublicSettings> {
  const url = `${origin}/api/widget/inboxes/${encodeURIComponent(inboxId)}/settings?locale=${encodeURIComponent(locale)}`;
  const res = await fetch(url, { credentials: 'omit' });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as WidgetPublicSettings;
}

export async function uploadAttachment(origin: string, token: string, file: File): Promise<WidgetAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`${origin}/api/widget/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    credentials: 'omit',
  });
  if (!res.ok) throw await refusal(res);
  return (await res.json()) as WidgetAttachment;
}

/** A published public article matching what the customer types (GET /api/public/kb/search). */
export interface ArticleHit {
  id: string;
  slug: string;
  locale: string;
  title: Highlighted;
  snippet: Highlighted;
}

export async function searchArticles(origin: string, q: string, locale: string, signal: AbortSignal): Promise<ArticleHit[]> {
  const res = await fetch(`${origin}/api/public/kb/search?${new URLSearchParams({ q, locale, limit: '3' })}`, {
    credentials: 'omit',
    signal,
  });
  if (!res.ok) throw await refusal(res);
  return ((await res.json()) as { hits: ArticleHit[] }).hits;
}

/** "This solved it": counted once per visitor and article by the server. */
export async function recordDeflection(origin: string, articleId: string, visitorKey: string, query: string): Promise<void> {
  const res = await fetch(`${origin}/api/public/kb/articles/${encodeURIComponent(articleId)}/deflections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'widget', visitorKey, query }),
    credentials: 'omit',
  });
  if (!res.ok) throw await refusal(res);
}
