import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';

/** Held until the transaction ends, on every node sharing the database. */
export async function advisoryXactLock(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Several keys in one global order, so two holders of overlapping sets never deadlock. */
export async function advisoryXactLocks(tx: Tx, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await advisoryXactLock(tx, key);
}
