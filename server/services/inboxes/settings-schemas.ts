import { z } from 'zod';
import { emailSecretsSchema, emailSettingsSchema } from '../../../channels/email/settings.ts';
import { telegramSecretsSchema, telegramSettingsSchema } from '../../../channels/telegram/settings.ts';
import { widgetSecretsSchema, widgetSettingsSchema } from '../../../channels/widget/settings.ts';
import type { ChannelKind } from '../../db/schema/index.ts';

/** What an inbox of one channel stores: public settings (jsonb) and secrets (sealed with ctx.secrets). */
export interface InboxChannelSchemas {
  settings: z.ZodType<Record<string, unknown>>;
  secrets: z.ZodType<Record<string, unknown>>;
}

/**
 * Per-channel inbox settings, validated on every create and update. A channel without an entry cannot be
 * configured as an inbox yet; each channel adds its own entry here.
 */
export const inboxSettingsSchemas: Partial<Record<ChannelKind, InboxChannelSchemas>> = {
  email: { settings: emailSettingsSchema, secrets: emailSecretsSchema },
  telegram: { settings: telegramSettingsSchema, secrets: telegramSecretsSchema },
  widget: { settings: widgetSettingsSchema, secrets: widgetSecretsSchema },
};
