import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, ts, updatedAt } from './columns.ts';

export const outboxStatuses = ['pending', 'processing', 'done', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** Side effects written in the same transaction as the change that causes them; drained by workers. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Optional idempotency key: a second enqueue with the same key is ignored. */
    dedupeKey: text('dedupe_key'),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    /** Claims so far; also the fencing token of the current claim (settle.ts). */
    attempts: integer('attempts').notNull().default(0),
    /** How many times in a row a run may stop its worker (`interrupted`) before the job is failed. */
    maxAttempts: integer('max_attempts').notNull().default(8),
    runAfter: ts('run_after').notNull().defaultNow(),
    /** The claim's lease: renewed while the job runs; once past, any worker may claim the row again. */
    lockedUntil: ts('locked_until'),
    /** The current claim began running the job (claimed rows not started yet are not counted as interrupted). */
    startedAt: ts('started_at'),
    /** Runs in a row that stopped their worker mid-job (crash, kill, a hang past the lease). */
    interrupted: integer('interrupted').notNull().default(0),
    /** Set at the first claim: failures are retried until then, then the job is failed. */
    retryUntil: ts('retry_until'),
    lastError: text('last_error'),
    doneAt: ts('done_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outbox_due_idx')
      .on(t.runAfter)
      .where(sql`status in ('pending', 'processing')`),
    index('outbox_status_idx').on(t.status, t.topic),
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
  ],
);
