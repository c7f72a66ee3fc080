import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { channelState, inboxes } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { defaultTeamId } from '../teams/default-team.ts';
import { createInbox } from './create-inbox.ts';

const CLAIM = 'widget.default-inbox';
export const DEFAULT_WIDGET_INBOX_NAME = 'Website chat';

/** The inbox the first start created (or found), unless an admin has deleted it since. */
export async function defaultWidgetInboxId(db: DbOrTx): Promise<string | null> {
  const [claim] = await db.select({ value: channelState.value }).from(channelState).where(eq(channelState.key, CLAIM));
  const id = claim?.value.inboxId;
  if (typeof id !== 'string') return null;
  const [row] = await db.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.id, id));
  return row?.id ?? null;
}

/**
 * First start: a "Website chat" widget inbox with default settings, so `npm start` and /widget-demo work at once.
 * Done once per database (a claim row in channel_state): an admin who deletes it does not get it back on restart,
 * and two nodes starting together create one. Test servers start empty unless a test asks (`force`).
 */
export async function bootstrapWidgetInbox(ctx: ServiceContext, opts: { force?: boolean } = {}): Promise<string | null> {
  if (ctx.config.NODE_ENV === 'test' && !opts.force) return null;
  const claimed = await ctx.db
    .insert(channelState)
    .values({ key: CLAIM, value: { at: ctx.now().toISOString() } })
    .onConflictDoNothing()
    .returning({ key: channelState.key });
  if (!claimed.length) return null;
  const [existing] = await ctx.db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(eq(inboxes.channel, 'widget'))
    .orderBy(asc(inboxes.createdAt))
    .limit(1);
  if (existing) {
    await ctx.db
      .update(channelState)
      .set({ value: { inboxId: existing.id, existed: true } })
      .where(eq(channelState.key, CLAIM));
    return null;
  }
  try {
    // Empty settings mean the defaults (colour, greeting, pre-chat, limits); the identity secret is generated.
    // Setup usually comes later and links it to its team; when it came first, the team is already there.
    const teamId = await defaultTeamId(ctx.db);
    const input = { channel: 'widget' as const, name: DEFAULT_WIDGET_INBOX_NAME, teamId, settings: {}, secrets: {} };
    const inbox = ctx.inboxSchemas.widget
      ? await createInbox(ctx, systemActor('widget-bootstrap'), input)
      : (
          await ctx.db.insert(inboxes).values({ channel: 'widget', name: input.name, teamId, settings: {} }).returning({ id: inboxes.id })
        )[0]!;
    await ctx.db
      .update(channelState)
      .set({ value: { inboxId: inbox.id } })
      .where(eq(channelState.key, CLAIM));
    ctx.log.info({ inboxId: inbox.id }, 'default widget inbox created: embed it from /widget-demo or Admin → Widget');
    return inbox.id;
  } catch (err) {
    await ctx.db.delete(channelState).where(eq(channelState.key, CLAIM));
    throw err;
  }
}
