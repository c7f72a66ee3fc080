import type { apiTokens } from '../../db/schema/index.ts';

type TokenRow = typeof apiTokens.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A token as listed: never its hash; the secret itself is shown once, by createApiToken. */
export function presentApiToken(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    createdAt: t.createdAt.toISOString(),
  };
}
export type ApiTokenView = ReturnType<typeof presentApiToken>;
