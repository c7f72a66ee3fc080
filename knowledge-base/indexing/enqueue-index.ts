import type { Tx } from '../../server/db/client.ts';
import { enqueue } from '../../server/services/outbox/enqueue.ts';

// An engine outage can outlast the default retries (backoff caps at 10 minutes): keep trying for hours.
const ATTEMPTS = 50;

/** Queues the article for (re)indexing in the caller's transaction; the handler reads its state then. */
export const enqueueIndex = (tx: Tx, articleId: string) => enqueue(tx, 'kb.index', { articleId }, { maxAttempts: ATTEMPTS });

export const enqueueSynonyms = (tx: Tx) => enqueue(tx, 'kb.synonyms', {}, { maxAttempts: ATTEMPTS });
