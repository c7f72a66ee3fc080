import { asc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { channelState, inboxes } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { isUuid } from './inbox-input.ts';
import { presentInbox, type InboxView } from './present.ts';

const statusKeys = (ids: string[]) => ids.flatMap((id) => [`email-status:${id}`, `telegram-status:${id}`]);

async function statuses(ctx: ServiceContext, ids: string[]) {
  if (!ids.length) return new Map<string, Record<string, unknown>>();
  const rows = await ctx.db
    .select()
    .from(channelState)
    .where(inArray(channelState.key, statusKeys(ids)));
  return new Map(rows.map((r) => [r.key.slice(r.key.indexOf(':') + 1), r.value]));
}

/** Every inbox with its connection status (admin). */
export async function listInboxes(ctx: ServiceContext, actor: Actor): Promise<InboxView[]> {
  requireRole(actor, ['admin'], 'Managing inboxes');
  const rows = await ctx.db.select().from(inboxes).orderBy(asc(inboxes.createdAt));
  const status = await statuses(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentInbox(r, ctx.secrets, status.get(r.id) ?? null));
}

export async function getInbox(ctx: ServiceContext, actor: Actor, id: string): Promise<InboxView> {
  requireRole(actor, ['admin'], 'Managing inboxes');
  if (!isUuid(id)) throw notFound('Inbox');
  const [row] = await ctx.db.select().from(inboxes).where(eq(inboxes.id, id));
  if (!row) throw notFound('Inbox');
  return presentInbox(row, ctx.secrets, (await statuses(ctx, [id])).get(id) ?? null);
}
