import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { inboxes } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';

export interface StartInboxView {
  id: string;
  name: string;
  channel: 'email' | 'telegram';
  /** The mailbox's address: what the customer sees as From. */
  address: string | null;
}

/** The mailboxes and bots an agent can start a conversation from: enabled ones, without their settings or secrets. */
export async function listStartInboxes(ctx: ServiceContext, actor: Actor): Promise<StartInboxView[]> {
  requireRole(actor, AGENT_ROLES, 'Starting a conversation');
  const rows = await ctx.db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.enabled, true), inArray(inboxes.channel, ['email', 'telegram'])))
    .orderBy(asc(inboxes.createdAt));
  return rows.map((r) => {
    const address = (r.settings as { address?: unknown }).address;
    return {
      id: r.id,
      name: r.name,
      channel: r.channel as StartInboxView['channel'],
      address: r.channel === 'email' && typeof address === 'string' ? address : null,
    };
  });
}
