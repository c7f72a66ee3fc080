import type { z } from 'zod';
import { PermanentDeliveryError } from '../../../channels/types.ts';
import type { OutboxTopic, OutboxTopics } from './enqueue.ts';

export interface OutboxJob {
  id: number;
  topic: string;
  /** 1 on the first try (counts claims, so a run cut short by a crash counts too). */
  attempt: number;
  /** How many interrupted runs in a row (crash, kill) fail the job; ordinary failures are retried for a time instead. */
  maxAttempts: number;
}

export interface OutboxHandler<P> {
  /** Checks the stored payload before run(); a row that fails it is failed at once. */
  schema: z.ZodType<P>;
  /** Throw to retry later; throw a PermanentDeliveryError (or PermanentJobError) to fail at once. */
  run(payload: P, job: OutboxJob): Promise<void>;
  /** Called after a failed run was scheduled to run again at `nextAttemptAt`. */
  onRetry?(payload: P, error: string, job: OutboxJob, nextAttemptAt: Date): Promise<void>;
  /** Called once when the row is given up on (permanent error, retry span over), after it is marked failed. */
  onGiveUp?(payload: P, error: string, job: OutboxJob): Promise<void>;
}

/** Keyed by the topic union: a new topic in OutboxTopics does not compile until its handler is registered. */
export type OutboxHandlers = { [K in OutboxTopic]: OutboxHandler<OutboxTopics[K]> };

/** A job failure that retrying cannot fix, for handlers that are not channel deliveries. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export const isPermanent = (err: unknown) => err instanceof PermanentDeliveryError || err instanceof PermanentJobError;

export const errorText = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err)).slice(0, 2000);
