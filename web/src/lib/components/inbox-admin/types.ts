import type { Schema } from '$lib/api.ts';

/**
 * An inbox as the admin API presents it (schema `Inbox`). Its `settings` and `status` are the channel's own JSON,
 * which the API documents only as objects: `S` and `St` name the fields one channel's page reads.
 */
export type InboxView<S = Record<string, unknown>, St = Record<string, unknown>> = Omit<Schema<'Inbox'>, 'settings' | 'status'> & {
  settings: S;
  status: ({ state?: 'connected' | 'error' | 'stopped'; error?: string | null } & St) | null;
};

/** What the edit form holds: the common fields plus the channel's settings and secrets (empty secrets keep the stored ones). */
export interface InboxDraft {
  name: string;
  teamId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each channel's form binds its own fields
  settings: Record<string, any>;
  secrets: Record<string, string>;
}

export type InboxState = 'connected' | 'error' | 'stopped' | 'unknown';

/** Disabled inboxes are stopped whatever their last reported state. */
export const inboxState = (inbox: InboxView): InboxState => (inbox.enabled ? (inbox.status?.state ?? 'unknown') : 'stopped');

/** The PATCH body for a draft: secrets left empty are not sent, so the stored ones stay. */
export function patchBody(draft: InboxDraft) {
  const secrets = Object.fromEntries(
    Object.entries(draft.secrets)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );
  return {
    name: draft.name.trim(),
    teamId: draft.teamId || null,
    settings: draft.settings,
    ...(Object.keys(secrets).length ? { secrets } : {}),
  };
}

/** data-testid values of one channel's cards (kept from the pages' earlier markup so their tests stay valid). */
export interface CardTestIds {
  card: string;
  status: string;
  toggle: string;
  editOpen?: string;
  edit?: string;
  save?: string;
}
