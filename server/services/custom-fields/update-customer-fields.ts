import type { ServiceContext } from '../../context.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { presentCustomer } from '../customers/present.ts';
import type { SetFieldsOptions } from './check-values.ts';
import { setCustomerFields } from './set-fields.ts';

/** PATCH /api/customers/{id}/fields: agents keep a customer's fields current, as they do the rest of the profile. */
export async function updateCustomerFields(
  ctx: ServiceContext,
  actor: Actor,
  customerId: string,
  values: unknown,
  opts: SetFieldsOptions = {},
) {
  requireRole(actor, AGENT_ROLES, 'Setting customer fields');
  return ctx.db.transaction(async (tx) => {
    const { customer, changes } = await setCustomerFields(tx, actor, customerId, values, { ...opts, now: ctx.now() });
    return { customer: presentCustomer(customer), changes };
  });
}
