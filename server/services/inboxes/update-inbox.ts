import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { inboxes } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { assertTeam, deepMerge, isUuid, updateInboxInput, validateChannelSettings } from './inbox-input.ts';
import { openSecrets, presentInbox, type InboxView } from './present.ts';

/** Renames, re-routes, enables/disables or reconfigures an inbox; running pollers and bots pick it up. */
export async function updateInbox(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof updateInboxInput>,
  origin: RequestOrigin = {},
): Promise<InboxView> {
  requireRole(actor, ['admin'], 'Managing inboxes');
  if (!isUuid(id)) throw notFound('Inbox');
  const input = parseInput(updateInboxInput, raw, 'inbox');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(inboxes).where(eq(inboxes.id, id)).for('update');
    if (!row) throw notFound('Inbox');
    await assertTeam(tx, input.teamId);
    const mergedSecrets: Record<string, unknown> = { ...openSecrets(row.secrets, ctx.secrets) };
    for (const [k, v] of Object.entries(input.secrets ?? {})) {
      if (v === null) delete mergedSecrets[k];
      else mergedSecrets[k] = v;
    }
    const { settings, secrets } = validateChannelSettings(
      ctx.inboxSchemas,
      row.channel,
      deepMerge(row.settings, input.settings ?? {}),
      mergedSecrets,
    );
    const [updated] = await tx
      .update(inboxes)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        settings,
        secrets: Object.keys(secrets).length ? ctx.secrets.seal(JSON.stringify(secrets)) : null,
        updatedAt: ctx.now(),
      })
      .where(eq(inboxes.id, id))
      .returning();
    const changed = Object.keys(input).filter((k) => k !== 'secrets');
    const secretsChanged = Object.keys(input.secrets ?? {});
    await recordAudit(tx, actor, { action: 'inbox.updated', targetType: 'inbox', targetId: id, data: { changed, secretsChanged } }, origin);
    return presentInbox(updated!, ctx.secrets);
  });
}
