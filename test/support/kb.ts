import type { ChannelRegistry } from '../../channels/types.ts';
import { createArticle } from '../../knowledge-base/articles/create-article.ts';
import type { createArticleInput } from '../../knowledge-base/articles/schemas.ts';
import type { SearchEngine } from '../../knowledge-base/search/engine.ts';
import { SearchUnavailableError } from '../../knowledge-base/search/engine.ts';
import type { ServiceContext } from '../../server/context.ts';
import type { Actor } from '../../server/services/actor.ts';
import { outboxHandlers } from '../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../server/workers/outbox-worker.ts';
import type { z } from 'zod';

const noChannels = { email: null, widget: null, telegram: null, api: null } as ChannelRegistry;

export const editorActor: Actor = { type: 'system', name: 'kb-test' };

/** An article written through the real verb (revision 1, outbox row); published unless told otherwise. */
export async function buildArticle(
  ctx: ServiceContext,
  overrides: Partial<z.input<typeof createArticleInput>> = {},
  actor: Actor = editorActor,
) {
  return createArticle(ctx, actor, { kind: 'how-to', title: 'An article', status: 'published', visibility: 'public', ...overrides });
}

/** Runs the real outbox worker over the knowledge-base topics until nothing is due. */
export async function drainKbOutbox(ctx: ServiceContext) {
  const worker = createOutboxWorker(ctx, { handlers: outboxHandlers(ctx, { channels: noChannels }), topics: ['kb.index', 'kb.synonyms'] });
  const total = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (let i = 0; i < 50; i++) {
    const r = await worker.drainOnce();
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
    if (r.claimed === 0) break;
  }
  return total;
}

/** Wraps an engine with a switch: while `down`, every call fails the way an unreachable engine does. */
export function switchableEngine(inner: SearchEngine) {
  const state = { down: false };
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (state.down) throw new SearchUnavailableError('engine is down (test switch)');
      return fn(...a);
    };
  const engine: SearchEngine = {
    name: inner.name,
    init: guard(() => inner.init()),
    index: guard((d) => inner.index(d)),
    remove: guard((ids) => inner.remove(ids)),
    clear: guard(() => inner.clear()),
    search: guard((r) => inner.search(r)),
    setSynonyms: guard((g) => inner.setSynonyms(g)),
    health: async () => (state.down ? { ok: false, engine: inner.name, detail: 'down' } : inner.health()),
  };
  return { engine, state };
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, ms = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
