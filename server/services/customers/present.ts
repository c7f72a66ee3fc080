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
    customFields: c.customFields,
    notes: c.notes,
    blockedAt: c.blockedAt?.toISOString() ?? null,
    mergedIntoId: c.mergedIntoId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type CustomerView = ReturnType<typeof presentCustomer>;

const text = (v: unknown, max = 300) => (typeof v === 'string' && v ? v.slice(0, max) : null);

/**
 * What a channel told about the identity, for the agent: a Telegram username; the web-chat visitor's browser, the
 * page they wrote from and their time zone (the widget sends these on each connection).
 */
export function identityDetails(meta: Record<string, unknown>) {
  return {
    username: text(meta.username, 100),
    browser: text(meta.browser, 100),
    page: text(meta.page, 500),
    timeZone: text(meta.timeZone, 64),
  };
}

export function presentIdentity(i: IdentityRow) {
  return {
    id: i.id,
    channel: i.channel,
    externalId: i.externalId,
    displayName: i.displayName,
    verified: i.verified,
    details: identityDetails(i.meta),
    createdAt: i.createdAt.toISOString(),
  };
}
export type IdentityView = ReturnType<typeof presentIdentity>;
