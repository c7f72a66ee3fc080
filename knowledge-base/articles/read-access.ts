import type { KbStatus } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { hasRole, requireRole, type Actor } from '../../server/services/actor.ts';
import { EDITOR_ROLES, KB_READER_ROLES } from '../roles.ts';
import type { ArticleRow } from './load.ts';

/** Editors see every status; agents see published articles (internal and public). */
export function readableStatuses(actor: Actor): KbStatus[] {
  requireRole(actor, KB_READER_ROLES, 'Reading the knowledge base');
  return hasRole(actor, EDITOR_ROLES) ? ['draft', 'published', 'archived'] : ['published'];
}

/** An article the actor may not read is reported as missing, not as forbidden. */
export function assertReadable(actor: Actor, a: ArticleRow): void {
  if (!readableStatuses(actor).includes(a.status)) throw notFound('Article');
}
