import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { afterKeyset, decodeCursor, encodeCursor, keysetOrder, keyValues, type SortKey } from '../keyset.ts';
import { parseInput } from '../parse-input.ts';
import type { OutboxRow } from './claim.ts';

export const listFailedInput = z.strictObject({
  topic: z.string().max(100).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const keys: SortKey[] = [
  { expr: outbox.updatedAt, dir: 'desc', type: 'timestamptz' },
  { expr: outbox.id, dir: 'desc', type: 'int' },
];

export function presentOutboxRow(r: OutboxRow) {
  return {
    id: r.id,
    topic: r.topic,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    lastError: r.lastError,
    runAfter: r.runAfter.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Side effects the worker gave up on, newest first, with the last error: nothing fails silently. */
export async function listFailedOutbox(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listFailedInput> = {}) {
  requireRole(actor, MANAGER_ROLES, 'Viewing failed jobs');
  const input = parseInput(listFailedInput, raw);
  const rows = await ctx.db
    .select({ row: outbox, keys: keyValues(keys) })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'failed'),
        input.topic ? eq(outbox.topic, input.topic) : undefined,
        input.cursor ? afterKeyset(keys, decodeCursor(input.cursor, 'outbox', keys)) : undefined,
      ),
    )
    .orderBy(...keysetOrder(keys))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    jobs: page.map((r) => presentOutboxRow(r.row)),
    nextCursor: rows.length > input.limit && last ? encodeCursor('outbox', last.keys) : null,
  };
}
