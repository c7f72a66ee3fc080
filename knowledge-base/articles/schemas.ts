import { z } from 'zod';
import { kbArticleKinds, kbLocales, kbStatuses, kbVisibilities } from '../../server/db/schema/index.ts';

const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const line = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

/** Content fields an editor writes; every verb that takes them parses with these. */
export const articleContent = z.object({
  kind: z.enum(kbArticleKinds),
  title: line(300).min(1, 'title is required'),
  summary: text(2000),
  body: text(200_000),
  symptoms: text(20_000),
  product: line(100).min(1).nullable(),
  affectedVersions: z.array(line(50).min(1)).max(50),
  cause: text(20_000),
  workaround: text(20_000),
  fixedIn: line(50).min(1).nullable(),
  tags: z.array(line(50).min(1).toLowerCase()).max(30),
  visibility: z.enum(kbVisibilities),
  locale: z.enum(kbLocales),
  categoryId: z.uuid('categoryId must be a category id').nullable(),
});
export type ArticleContent = z.infer<typeof articleContent>;

export const articleDefaults: Omit<ArticleContent, 'kind' | 'title'> = {
  summary: '',
  body: '',
  symptoms: '',
  product: null,
  affectedVersions: [],
  cause: '',
  workaround: '',
  fixedIn: null,
  tags: [],
  visibility: 'internal',
  locale: 'en',
  categoryId: null,
};

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens')
  .max(120);
const note = line(500);

export const createArticleInput = articleContent
  .partial()
  .required({ kind: true, title: true })
  .extend({ slug: slug.optional(), status: z.enum(['draft', 'published']).default('draft'), note: note.optional() });

export const updateArticleInput = articleContent.partial().extend({
  slug: slug.optional(),
  /** The version the editor started from: a save over someone else's newer save is refused. */
  expectedVersion: z.number().int().positive(),
  note: note.optional(),
});

export const statusInput = z.object({ status: z.enum(kbStatuses) });

/** A known defect is only useful with its symptoms: they are what tickets describe. */
export function defectProblems(c: Pick<ArticleContent, 'kind' | 'symptoms'>) {
  return c.kind === 'defect' && !c.symptoms.trim()
    ? [{ path: 'symptoms', message: 'a known defect needs its symptoms', code: 'required' }]
    : [];
}
