import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { openSecrets } from '../../server/services/inboxes/present.ts';
import { isUuid } from '../../server/services/is-uuid.ts';
import { ServiceError } from '../../server/errors.ts';
import { chatSwitchedOff } from './refusals.ts';
import { widgetSettingsOf, type WidgetSettings } from './settings.ts';

export interface WidgetInbox {
  id: string;
  name: string;
  teamId: string | null;
  enabled: boolean;
  settings: WidgetSettings;
  /** Null when it cannot be opened (sealed under another SECRET_KEY): no identity verifies then. */
  identitySecret: string | null;
}

export async function loadWidgetInbox(ctx: ServiceContext, id: unknown): Promise<WidgetInbox | null> {
  if (typeof id !== 'string' || !isUuid(id)) return null;
  const [row] = await ctx.db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.id, id), eq(inboxes.channel, 'widget')));
  if (!row) return null;
  const secret = openSecrets(row.secrets, ctx.secrets).identitySecret;
  return {
    id: row.id,
    name: row.name,
    teamId: row.teamId,
    enabled: row.enabled,
    settings: widgetSettingsOf(row.settings),
    identitySecret: typeof secret === 'string' && secret ? secret : null,
  };
}

/** The inbox a visitor may talk to now: it exists, is a widget inbox and is enabled. */
export async function requireLiveInbox(ctx: ServiceContext, id: unknown): Promise<WidgetInbox> {
  const inbox = await loadWidgetInbox(ctx, id);
  if (!inbox) throw new ServiceError('NOT_FOUND', `No chat widget inbox ${typeof id === 'string' ? id.slice(0, 60) : ''}`.trim());
  if (!inbox.enabled) throw chatSwitchedOff();
  return inbox;
}
