import type { Tx } from '../../server/db/client.ts';
import { enqueue } from '../../server/services/outbox/enqueue.ts';

/**
 * Queues the article for (re)indexing in the caller's transaction; the handler reads its state then. An engine
 * outage is retried like any outbox job, with backoff for OUTBOX_RETRY_HOURS.
 */
export const enqueueIndex = (tx: Tx, articleId: string) => enqueue(tx, 'kb.index', { articleId });

export const enqueueSynonyms = (tx: Tx) => enqueue(tx, 'kb.synonyms', {});
