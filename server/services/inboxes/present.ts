import type { inboxes } from '../../db/schema/index.ts';
import type { SecretBox } from '../../security/secret-box.ts';

type InboxRow = typeof inboxes.$inferSelect;

/** The inbox as admins see it. Secrets never leave the server: only the names of those that are set. */
export function presentInbox(row: InboxRow, secrets: SecretBox, status: Record<string, unknown> | null = null) {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    teamId: row.teamId,
    enabled: row.enabled,
    settings: row.settings,
    secretsSet: Object.keys(openSecrets(row.secrets, secrets)).sort(),
    status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type InboxView = ReturnType<typeof presentInbox>;

export function openSecrets(sealed: string | null, box: SecretBox): Record<string, unknown> {
  if (!sealed) return {};
  try {
    return JSON.parse(box.open(sealed)) as Record<string, unknown>;
  } catch {
    // Sealed under another SECRET_KEY: shown as "no secrets set" so the admin re-enters them.
    return {};
  }
}
