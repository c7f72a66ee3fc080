import type { ServiceContext } from '../../context.ts';
import { slaPolicies } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { createPolicyInput, type CreatePolicyInput } from './policy-input.ts';
import { policyConflict, requirePolicyRefs } from './policy-refs.ts';
import { presentPolicy, type PolicyView } from './present.ts';
import { resyncTickets, ticketsOfPolicyScope } from './resync.ts';

/** A team's policy (or the default one); live tickets it now covers get their clocks at once. */
export async function createPolicy(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreatePolicyInput,
  origin: RequestOrigin = {},
): Promise<PolicyView> {
  requireRole(actor, MANAGER_ROLES, 'Creating SLA policies');
  const input = parseInput(createPolicyInput, raw, 'SLA policy');
  let view: PolicyView;
  try {
    view = await ctx.db.transaction(async (tx) => {
      await requirePolicyRefs(tx, input);
      const now = ctx.now();
      const [row] = await tx
        .insert(slaPolicies)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(
        tx,
        actor,
        { action: 'sla_policy.created', targetType: 'sla_policy', targetId: row!.id, data: { name: input.name, teamId: input.teamId } },
        origin,
      );
      return presentPolicy(row!);
    });
  } catch (err) {
    throw policyConflict(err, input);
  }
  await resyncTickets(ctx, ticketsOfPolicyScope(input.teamId));
  return view;
}
