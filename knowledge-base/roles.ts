import type { Role } from '../server/db/schema/index.ts';

/** Who may write the knowledge base (articles, categories, synonyms). */
export const EDITOR_ROLES: readonly Role[] = ['editor', 'admin'];
/** Who may read internal articles and every status: editors, plus agents for published ones. */
export const KB_READER_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin', 'editor'];
