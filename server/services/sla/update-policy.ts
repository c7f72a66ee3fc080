import { eq, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { slaClocks, slaPolicies, tickets } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { updatePolicyInput, type UpdatePolicyInput } from './policy-input.ts';
import { policyConflict, requirePolicyRefs } from './policy-refs.ts';
import { presentPolicy, type PolicyView } from './present.ts';
import { resyncTickets, ticketsOfPolicyScope } from './resync.ts';

/** Changes targets, hours or escalation; running clocks of the tickets it covers are recomputed. */
export async function updatePolicy(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: UpdatePolicyInput,
  origin: RequestOrigin = {},
): Promise<PolicyView> {
  requireRole(actor, MANAGER_ROLES, 'Changing SLA policies');
  if (!isUuid(id)) throw notFound('SLA policy');
  const input = parseInput(updatePolicyInput, raw, 'SLA policy');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send at least one field of the policy');
  let before: typeof slaPolicies.$inferSelect;
  let view: PolicyView;
  try {
    [before, view] = await ctx.db.transaction(async (tx) => {
      const [old] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
      if (!old) throw notFound('SLA policy');
      await requirePolicyRefs(tx, input);
      const [row] = await tx
        .update(slaPolicies)
        .set({ ...input, updatedAt: ctx.now() })
        .where(eq(slaPolicies.id, id))
        .returning();
      await recordAudit(
        tx,
        actor,
        { action: 'sla_policy.updated', targetType: 'sla_policy', targetId: id, data: { fields: Object.keys(input) } },
        origin,
      );
      return [old, presentPolicy(row!)] as const;
    });
  } catch (err) {
    throw policyConflict(err, input);
  }
  const inScope = (teamId: string | null) => ticketsOfPolicyScope(teamId) ?? sql`true`;
  await resyncTickets(
    ctx,
    or(
      inScope(before.teamId),
      inScope(view.teamId),
      sql`${tickets.id} in (select ${slaClocks.ticketId} from ${slaClocks} where ${slaClocks.policyId} = ${id})`,
    ),
  );
  return view;
}
