import type { ServiceContext } from '../../server/context.ts';
import type { Actor } from '../../server/services/actor.ts';
import { loadArticle } from './load.ts';
import { presentArticle } from './present.ts';
import { assertReadable } from './read-access.ts';

export async function getArticle(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await loadArticle(ctx.db, id);
  assertReadable(actor, row);
  return presentArticle(row);
}
