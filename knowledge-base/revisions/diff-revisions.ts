import { diffLines, diffWordsWithSpace } from 'diff';
import type { ServiceContext } from '../../server/context.ts';
import type { KbRevisionSnapshot } from '../../server/db/schema/index.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { loadArticle } from '../articles/load.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { loadRevision } from './list-revisions.ts';

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

const asText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v));
// Long fields diff by line (Markdown), short ones by word so a changed version number stands out.
const longFields = new Set(['body', 'symptoms', 'cause', 'workaround', 'summary']);

/** Field-by-field diff from revision `from` to `to`, only fields that changed; parts are plain text. */
export async function diffRevisions(ctx: ServiceContext, actor: Actor, articleId: string, from: number, to: number) {
  requireRole(actor, EDITOR_ROLES, 'Reading revision history');
  await loadArticle(ctx.db, articleId);
  const [a, b] = await Promise.all([loadRevision(ctx, articleId, from), loadRevision(ctx, articleId, to)]);
  const fields = Object.keys({ ...a.snapshot, ...b.snapshot }) as Array<keyof KbRevisionSnapshot>;
  const changes = fields.flatMap((field) => {
    const before = asText(a.snapshot[field]);
    const after = asText(b.snapshot[field]);
    if (before === after) return [];
    const parts = (longFields.has(field) ? diffLines(before, after) : diffWordsWithSpace(before, after)).map((p): DiffPart => ({
      op: p.added ? 'insert' : p.removed ? 'delete' : 'equal',
      text: p.value,
    }));
    return [{ field, parts }];
  });
  return { articleId, from, to, changes };
}
