import { asc, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customFields, priorities, ticketStatuses } from '../../db/schema/index.ts';
import { AGENT_ROLES, hasRole, requireRole, type Actor } from '../actor.ts';
import { actionCatalog } from '../automation/catalog.ts';

/**
 * The actions a macro may take and the values their pickers offer: what an agent's macro editor is built from.
 * Calling a webhook is an admin's integration, so only admins are offered it (the server still checks the id).
 */
export async function macroActionCatalog(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, AGENT_ROLES, 'Reading macro actions');
  const fields = await ctx.db
    .select({
      entity: customFields.entity,
      key: customFields.key,
      type: customFields.type,
      labels: customFields.labels,
      options: customFields.options,
    })
    .from(customFields)
    .where(isNull(customFields.archivedAt))
    .orderBy(asc(customFields.entity), asc(customFields.position));
  return {
    actions: actionCatalog.filter((a) => a.macro && (a.type !== 'call_webhook' || hasRole(actor, ['admin']))),
    enums: { statuses: ticketStatuses.filter((s) => s !== 'new'), priorities: [...priorities] },
    fields: fields.map((f) => ({ ...f, options: f.options.map((o) => o.value) })),
  };
}
