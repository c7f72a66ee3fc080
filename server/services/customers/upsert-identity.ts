import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { customerIdentities, customers } from '../../db/schema/index.ts';
import type { InboundMessage } from '../../../channels/types.ts';

export interface IdentityResult {
  customerId: string;
  identityId: string;
  created: boolean;
  /** The customer is blocked: their message is kept, on a spam ticket nobody is asked to answer. */
  blocked: boolean;
}

/**
 * Finds the customer behind a channel identity or creates both. Callers hold the identity's advisory lock,
 * so two first messages from one new sender cannot create two customers.
 */
export async function upsertIdentity(
  tx: Tx,
  channel: InboundMessage['channel'],
  sender: InboundMessage['sender'],
): Promise<IdentityResult> {
  const externalId = channel === 'email' ? sender.externalId.toLowerCase() : sender.externalId;
  const [hit] = await tx
    .select({ identity: customerIdentities, blockedAt: customers.blockedAt })
    .from(customerIdentities)
    .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
    .where(and(eq(customerIdentities.channel, channel), eq(customerIdentities.externalId, externalId)));
  if (hit) {
    const found = hit.identity;
    // What the channel tells each time (the widget's browser, page and time zone) is kept current.
    const meta = sender.meta ? { ...found.meta, ...sender.meta } : found.meta;
    const changed =
      (sender.displayName && sender.displayName !== found.displayName) ||
      (sender.verified && !found.verified) ||
      JSON.stringify(meta) !== JSON.stringify(found.meta);
    if (changed) {
      await tx
        .update(customerIdentities)
        .set({
          displayName: sender.displayName ?? found.displayName,
          verified: found.verified || !!sender.verified,
          meta,
          updatedAt: new Date(),
        })
        .where(eq(customerIdentities.id, found.id));
    }
    return { customerId: found.customerId, identityId: found.id, created: false, blocked: hit.blockedAt !== null };
  }
  const email = sender.email ?? (channel === 'email' ? externalId : undefined);
  const [customer] = await tx
    .insert(customers)
    .values({ name: sender.displayName ?? null, email: email ?? null, locale: sender.locale ?? null })
    .returning({ id: customers.id });
  const [identity] = await tx
    .insert(customerIdentities)
    .values({
      customerId: customer!.id,
      channel,
      externalId,
      displayName: sender.displayName ?? null,
      verified: !!sender.verified,
      meta: sender.meta ?? {},
    })
    .returning({ id: customerIdentities.id });
  return { customerId: customer!.id, identityId: identity!.id, created: true, blocked: false };
}
