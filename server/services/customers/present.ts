import type { customerIdentities, customers } from '../../db/schema/index.ts';

type CustomerRow = typeof customers.$inferSelect;
type IdentityRow = typeof customerIdentities.$inferSelect;

export function presentCustomer(c: CustomerRow) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    tier: c.tier,
    tags: c.tags,
    notes: c.notes,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type CustomerView = ReturnType<typeof presentCustomer>;

export function presentIdentity(i: IdentityRow) {
  return {
    id: i.id,
    channel: i.channel,
    externalId: i.externalId,
    displayName: i.displayName,
    verified: i.verified,
    createdAt: i.createdAt.toISOString(),
  };
}
export type IdentityView = ReturnType<typeof presentIdentity>;
