import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { leases } from '../../db/schema/index.ts';
import { parseInput } from '../parse-input.ts';

export const claimLeaseInput = z.strictObject({
  /** e.g. `email:<inboxId>`, `telegram:<inboxId>` */
  name: z.string().min(1).max(200),
  /** Unique per running lease holder (node + instance), so two holders in one process never share a lease. */
  holder: z.string().min(1).max(200),
  ttlMs: z.number().int().min(100).max(3_600_000),
});

export interface Claim {
  held: boolean;
  /** When this holder got the lease (unchanged across renewals); null when not held. */
  acquiredAt: Date | null;
}

/**
 * Takes the lease if it is free or expired, or renews it if `holder` has it. Expiry is the database's clock,
 * so nodes with skewed clocks agree on who holds what.
 */
export async function claimLease(db: DbOrTx, raw: z.input<typeof claimLeaseInput>): Promise<Claim> {
  const { name, holder, ttlMs } = parseInput(claimLeaseInput, raw);
  const expiresAt = sql`now() + ${ttlMs}::int * interval '1 millisecond'`;
  const [row] = await db
    .insert(leases)
    .values({ name, holder, acquiredAt: sql`now()`, expiresAt })
    .onConflictDoUpdate({
      target: leases.name,
      set: {
        holder,
        acquiredAt: sql`case when ${leases.holder} = ${holder} then ${leases.acquiredAt} else now() end`,
        expiresAt,
      },
      setWhere: sql`${leases.holder} = ${holder} or ${leases.expiresAt} <= now()`,
    })
    .returning({ acquiredAt: leases.acquiredAt });
  return row ? { held: true, acquiredAt: row.acquiredAt } : { held: false, acquiredAt: null };
}

/** Hands the lease back (a clean stop), so another node takes over at its next attempt instead of after the ttl. */
export async function releaseLease(db: DbOrTx, name: string, holder: string): Promise<boolean> {
  const gone = await db
    .delete(leases)
    .where(and(eq(leases.name, name), eq(leases.holder, holder)))
    .returning({ name: leases.name });
  return gone.length > 0;
}

/** Who holds a lease now (null when free or expired): for status pages and tests. */
export async function leaseHolder(db: DbOrTx, name: string): Promise<string | null> {
  const [row] = await db
    .select({ holder: leases.holder })
    .from(leases)
    .where(and(eq(leases.name, name), sql`${leases.expiresAt} > now()`));
  return row?.holder ?? null;
}
