import { z } from 'zod';
import { channelKinds, teams, type ChannelKind } from '../../db/schema/index.ts';
import type { DbOrTx } from '../../db/client.ts';
import { eq } from 'drizzle-orm';
import { invalid } from '../../errors.ts';
import type { InboxSchemaCatalog } from './settings-schemas.ts';
import { invalidInput } from '../../invalid-input.ts';

const name = z.string().trim().min(1, 'is required').max(100);
const record = z.record(z.string(), z.unknown());

export const createInboxInput = z.strictObject({
  channel: z.enum(channelKinds),
  name,
  teamId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
  settings: record.default({}),
  secrets: record.default({}),
});

export const updateInboxInput = z.strictObject({
  name: name.optional(),
  teamId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
  /** Merged into the stored settings (nested objects too), then validated whole. */
  settings: record.optional(),
  /** Each key replaces the stored secret; null removes it; absent keys keep theirs. */
  secrets: z.record(z.string(), z.unknown().nullable()).optional(),
});

/** Validates settings and secrets with the channel's schemas; issues name the field (e.g. settings.imap.host). */
export function validateChannelSettings(catalog: InboxSchemaCatalog, channel: ChannelKind, settings: unknown, secrets: unknown) {
  const schemas = catalog[channel];
  if (!schemas)
    throw invalid(`Inboxes of channel ${channel} cannot be configured`, [
      { path: 'channel', message: 'no inbox settings for this channel' },
    ]);
  const parsed = z.object({ settings: schemas.settings, secrets: schemas.secrets }).safeParse({ settings, secrets });
  if (parsed.success) return parsed.data;
  throw invalidInput('inbox', parsed.error);
}

export async function assertTeam(db: DbOrTx, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  if (!team) throw invalidInput('inbox', [{ path: 'teamId', message: 'no such team', code: 'unknown_reference' }]);
}

const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isPlain(v) && isPlain(base[k]) ? deepMerge(base[k], v) : v;
  return out;
}

const uuid = z.uuid();
/** A malformed id cannot name a row: answer 404 before the database complains about the syntax. */
export const isUuid = (id: string) => uuid.safeParse(id).success;
