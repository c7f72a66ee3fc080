import type { ServiceContext } from '../server/context.ts';
import { searchEngine } from './search/select.ts';
import { startSuggestionProcessor } from './suggest/processor.ts';

const INIT_RETRY_MS = 30_000;

/**
 * Starts the knowledge base's background parts: engine setup (index + settings; retried while the engine
 * is down, ticket handling does not wait for it) and the suggestion processor. Returns the stop function.
 */
export async function startKnowledgeBase(ctx: ServiceContext): Promise<() => Promise<void>> {
  const engine = searchEngine(ctx);
  let timer: NodeJS.Timeout | undefined;
  const init = async () => {
    try {
      await engine.init();
      ctx.log.info({ engine: engine.name }, 'knowledge-base search ready');
    } catch (err) {
      ctx.log.warn({ err, engine: engine.name }, 'knowledge-base search engine not ready; retrying');
      timer = setTimeout(() => void init(), INIT_RETRY_MS);
      timer.unref();
    }
  };
  await init();
  const stopSuggestions = startSuggestionProcessor(ctx);
  return async () => {
    clearTimeout(timer);
    await stopSuggestions();
  };
}
