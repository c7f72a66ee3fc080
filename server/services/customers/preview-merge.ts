import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { customerIdentities, customers } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { isUuid } from '../tickets/visibility.ts';
import { addHoldings, countHoldings, mergedFields } from './merge-counts.ts';
import { presentCustomer, presentIdentity } from './present.ts';

/**
 * What merging `customerId` into `intoId` would do: the identities, tickets, messages and ratings that move, and the
 * survivor's fields after it. Tickets stay separate tickets (two open ones stay two).
 */
export async function previewMerge(ctx: ServiceContext, actor: Actor, customerId: string, intoId: string) {
  requireRole(actor, AGENT_ROLES, 'Merging customers');
  const { from, into } = await mergePair(ctx.db, customerId, intoId);
  const moving = await countHoldings(ctx.db, from.id);
  const staying = await countHoldings(ctx.db, into.id);
  const identities = await ctx.db
    .select()
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, from.id))
    .orderBy(asc(customerIdentities.createdAt));
  return {
    from: presentCustomer(from),
    into: presentCustomer(into),
    moves: { ...moving, identityList: identities.map(presentIdentity) },
    after: addHoldings(moving, staying),
    result: mergedFields(into, from),
  };
}

/** The two customers of a merge, checked: different, both existing, neither merged already. */
export async function mergePair(db: DbOrTx, customerId: string, intoId: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(intoId)) throw invalid('into: must be a customer id', [{ path: 'into', message: 'must be a customer id' }]);
  if (!isUuid(customerId)) throw notFound('Customer');
  if (customerId === intoId) {
    throw invalid('into: a customer cannot be merged into themselves', [{ path: 'into', message: 'must be another customer' }]);
  }
  // Both rows locked in one order, so two merges of the same pair cannot deadlock.
  const rows = [];
  for (const id of [customerId, intoId].sort()) {
    const q = db.select().from(customers).where(eq(customers.id, id));
    rows.push((await (opts.lock ? q.for('update') : q))[0]);
  }
  const from = rows.find((r) => r?.id === customerId);
  const into = rows.find((r) => r?.id === intoId);
  if (!from) throw notFound('Customer');
  if (!into) throw notFound('Customer to merge into');
  for (const c of [from, into]) {
    if (c.mergedIntoId) {
      throw conflict(`${c === from ? 'Customer' : 'into'}: already merged into another customer`, { mergedIntoId: c.mergedIntoId });
    }
  }
  return { from, into };
}
