import type { z } from 'zod';
import type { ChannelKind } from '../../db/schema/index.ts';

/** What an inbox of one channel stores: public settings (jsonb) and secrets (sealed with ctx.secrets). */
export interface InboxChannelSchemas {
  settings: z.ZodType<Record<string, unknown>>;
  secrets: z.ZodType<Record<string, unknown>>;
}

/**
 * Per-channel inbox settings, validated on every create and update; null where a channel has no inboxes to
 * configure. Each channel owns its schemas (channels/inbox-schemas.ts); the composition root puts them on the
 * ServiceContext, so the domain validates them without importing a channel. Keyed by the channel union: a new
 * channel does not compile until it says whether it has inboxes.
 */
export type InboxSchemaCatalog = Record<ChannelKind, InboxChannelSchemas | null>;
