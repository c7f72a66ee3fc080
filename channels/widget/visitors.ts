import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import type { DbOrTx, Tx } from '../../server/db/client.ts';
import { customerIdentities, customers, tickets, widgetVisitors } from '../../server/db/schema/index.ts';
import type { CheckedIdentity } from './identity.ts';
import type { WidgetInbox } from './inbox.ts';
import type { VisitorTokens } from './token.ts';

export type VisitorRow = typeof widgetVisitors.$inferSelect;

/** Who is on the other end of one connection: the visitor the token names (or a new one) and what they claimed. */
export interface Visitor {
  inboxId: string;
  visitorId: string;
  token: string;
  identity: CheckedIdentity | null;
}

export async function loadVisitor(db: DbOrTx, inboxId: string, visitorId: string): Promise<VisitorRow | null> {
  const [row] = await db
    .select()
    .from(widgetVisitors)
    .where(and(eq(widgetVisitors.id, visitorId), eq(widgetVisitors.inboxId, inboxId)));
  return row ?? null;
}

/**
 * The visitor a handshake continues. A forged token starts a new visitor. A verified user continues their own
 * conversation (on any device); a token bound to a verified user is never continued without that user's proof
 * (a shared computer after sign-out starts afresh), and a verified user never continues someone else's.
 */
export async function resolveVisitor(
  ctx: ServiceContext,
  tokens: VisitorTokens,
  inbox: WidgetInbox,
  token: string | undefined,
  identity: CheckedIdentity | null,
): Promise<Visitor> {
  const fromToken = tokens.verify(token, inbox.id);
  const row = fromToken ? await loadVisitor(ctx.db, inbox.id, fromToken) : null;
  let visitorId: string | null = fromToken;
  if (identity?.verified) {
    if (row?.verifiedUserId !== identity.userId) {
      const [own] = await ctx.db
        .select({ id: widgetVisitors.id })
        .from(widgetVisitors)
        .where(and(eq(widgetVisitors.inboxId, inbox.id), eq(widgetVisitors.verifiedUserId, identity.userId)));
      visitorId = own ? own.id : row?.verifiedUserId ? null : fromToken;
    }
  } else if (row?.verifiedUserId) {
    visitorId = null;
  }
  const issued = tokens.issue(inbox.id, visitorId ?? undefined);
  const visitor = { inboxId: inbox.id, visitorId: issued.visitorId, token: issued.token, identity };
  if (identity?.verified) await bindVerified(ctx, visitor, identity);
  return visitor;
}

/** Creates or updates the visitor row; with `customer`, also makes sure it has a customer and a widget identity. */
async function upsertRow(tx: Tx, v: Visitor, set: Partial<VisitorRow>): Promise<VisitorRow> {
  const [row] = await tx
    .insert(widgetVisitors)
    .values({ id: v.visitorId, inboxId: v.inboxId, ...set })
    .onConflictDoUpdate({ target: widgetVisitors.id, set: { ...set, updatedAt: new Date() } })
    .returning();
  return row!;
}

/** The advisory lock every writer of a visitor's row holds (hashed like ingest's locks). */
export const visitorLockKey = (visitorId: string) => `widget-visitor:${visitorId}`;

async function lockVisitor(tx: Tx, visitorId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${visitorLockKey(visitorId)}, 0))`);
}

/**
 * A verified user joins the customer they already are: the one their earlier verified visits belong to, else
 * the customer with their (host-vouched) email on any channel. Their conversation moves with them.
 */
async function bindVerified(ctx: ServiceContext, v: Visitor, identity: CheckedIdentity): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockVisitor(tx, v.visitorId);
    const before = await loadVisitor(tx, v.inboxId, v.visitorId);
    const row = await upsertRow(tx, v, {
      verifiedUserId: identity.userId,
      ...(identity.name && !before?.name ? { name: identity.name } : {}),
      ...(identity.email && !before?.email ? { email: identity.email } : {}),
    });
    if (before?.verifiedUserId === identity.userId && row.customerId) return;
    const byEmail = identity.email
      ? (
          await tx
            .select({ id: customers.id })
            .from(customers)
            .where(sql`lower(${customers.email}) = ${identity.email}`)
            .orderBy(customers.createdAt)
            .limit(1)
        )[0]
      : undefined;
    const target = byEmail?.id ?? row.customerId ?? (await newCustomer(tx, row));
    await attachCustomer(tx, row, target, true);
  });
}

async function newCustomer(tx: Tx, row: VisitorRow): Promise<string> {
  const [c] = await tx.insert(customers).values({ name: row.name, email: row.email }).returning({ id: customers.id });
  return c!.id;
}

/** Points the visitor, its widget identity and its conversation's tickets at `customerId`. */
async function attachCustomer(tx: Tx, row: VisitorRow, customerId: string, verified: boolean): Promise<void> {
  await tx.update(widgetVisitors).set({ customerId, updatedAt: new Date() }).where(eq(widgetVisitors.id, row.id));
  await tx
    .insert(customerIdentities)
    .values({ customerId, channel: 'widget', externalId: row.id, displayName: row.name, verified })
    .onConflictDoUpdate({
      target: [customerIdentities.channel, customerIdentities.externalId],
      set: { customerId, verified, updatedAt: new Date() },
    });
  if (row.customerId && row.customerId !== customerId) {
    await tx
      .update(tickets)
      .set({ customerId })
      .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, row.id)));
  }
}

/** The visitor's row with a customer behind it (created on the first pre-chat answer or message). */
export async function ensureCustomer(ctx: ServiceContext, v: Visitor, set: CustomerDetails = {}): Promise<VisitorRow> {
  return ctx.db.transaction(async (tx) => {
    await lockVisitor(tx, v.visitorId);
    return ensureCustomerLocked(tx, v, await loadVisitor(tx, v.inboxId, v.visitorId), set);
  });
}

type CustomerDetails = Partial<Pick<VisitorRow, 'name' | 'email' | 'preChatAt' | 'meta'>>;

/**
 * ensureCustomer for a caller that holds the visitor's lock and has read its row (`before`): writes only what is
 * missing or given, so a visitor who already has a customer costs no write at all.
 */
export async function ensureCustomerLocked(tx: Tx, v: Visitor, before: VisitorRow | null, set: CustomerDetails = {}): Promise<VisitorRow> {
  const claimName = !before?.name && !set.name && v.identity?.name ? { name: v.identity.name } : {};
  if (before?.customerId && !claimName.name && !Object.keys(set).length) return before;
  const row = await upsertRow(tx, v, { ...claimName, ...set });
  if (!row.customerId) {
    await attachCustomer(tx, row, await newCustomer(tx, row), !!row.verifiedUserId);
    return (await loadVisitor(tx, v.inboxId, v.visitorId))!;
  }
  // The visitor's own (unshared) customer follows the pre-chat answers; a merged one keeps its own profile.
  if (!row.verifiedUserId && (set.name || set.email)) {
    await tx
      .update(customers)
      .set({ ...(set.name ? { name: set.name } : {}), ...(set.email ? { email: set.email } : {}), updatedAt: new Date() })
      .where(eq(customers.id, row.customerId));
  }
  return row;
}
