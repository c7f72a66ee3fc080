import type { ArticleDraft, ArticleView } from './types.ts';

const list = (s: string) => [
  ...new Set(
    s
      .split(/[,，\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];
const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function emptyDraft(): ArticleDraft {
  return {
    kind: 'how-to',
    title: '',
    slug: '',
    summary: '',
    body: '',
    symptoms: '',
    product: '',
    affectedVersions: '',
    cause: '',
    workaround: '',
    fixedIn: '',
    tags: '',
    visibility: 'internal',
    locale: 'en',
    categoryId: '',
  };
}

export function toDraft(a: ArticleView): ArticleDraft {
  return {
    kind: a.kind,
    title: a.title,
    slug: a.slug,
    summary: a.summary,
    body: a.body,
    symptoms: a.symptoms,
    product: a.product ?? '',
    affectedVersions: a.affectedVersions.join(', '),
    cause: a.cause,
    workaround: a.workaround,
    fixedIn: a.fixedIn ?? '',
    tags: a.tags.join(', '),
    visibility: a.visibility,
    locale: a.locale,
    categoryId: a.categoryId ?? '',
  };
}

/** The request body the server takes (create and update share the content fields). */
export function toInput(d: ArticleDraft) {
  return {
    kind: d.kind,
    title: d.title.trim(),
    ...(d.slug.trim() ? { slug: d.slug.trim() } : {}),
    summary: d.summary,
    body: d.body,
    symptoms: d.symptoms,
    product: orNull(d.product),
    affectedVersions: list(d.affectedVersions),
    cause: d.cause,
    workaround: d.workaround,
    fixedIn: orNull(d.fixedIn),
    tags: list(d.tags).map((t) => t.toLowerCase()),
    visibility: d.visibility,
    locale: d.locale,
    categoryId: d.categoryId || null,
  };
}

/** Only what changed since the saved article: each save is a revision, and a diff should show real changes. */
export function changedFields(d: ArticleDraft, saved: ArticleView): Partial<ReturnType<typeof toInput>> {
  const next = toInput(d) as Record<string, unknown>;
  const before = toInput(toDraft(saved)) as Record<string, unknown>;
  if (!d.slug.trim()) delete next.slug;
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
}
