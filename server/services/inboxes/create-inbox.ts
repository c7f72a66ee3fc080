import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { inboxes } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { assertTeam, createInboxInput, validateChannelSettings } from './inbox-input.ts';
import { presentInbox, type InboxView } from './present.ts';

/** Admins connect a mailbox, bot or widget; its secrets are sealed before they touch the database. */
export async function createInbox(
  ctx: ServiceContext,
  actor: Actor,
  raw: z.input<typeof createInboxInput>,
  origin: RequestOrigin = {},
): Promise<InboxView> {
  requireRole(actor, ['admin'], 'Managing inboxes');
  const input = parseInput(createInboxInput, raw, 'inbox');
  const { settings, secrets } = validateChannelSettings(ctx.inboxSchemas, input.channel, input.settings, input.secrets);
  return ctx.db.transaction(async (tx) => {
    await assertTeam(tx, input.teamId);
    const now = ctx.now();
    const [row] = await tx
      .insert(inboxes)
      .values({
        channel: input.channel,
        name: input.name,
        teamId: input.teamId ?? null,
        enabled: input.enabled ?? true,
        settings,
        secrets: Object.keys(secrets).length ? ctx.secrets.seal(JSON.stringify(secrets)) : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'inbox.created', targetType: 'inbox', targetId: row!.id, data: { channel: input.channel, name: input.name } },
      origin,
    );
    return presentInbox(row!, ctx.secrets);
  });
}
