import type { InboxSchemaCatalog } from '../server/services/inboxes/settings-schemas.ts';
import { emailSecretsSchema, emailSettingsSchema } from './email/settings.ts';
import { telegramSecretsSchema, telegramSettingsSchema } from './telegram/settings.ts';
import { widgetSecretsSchema, widgetSettingsSchema } from './widget/settings.ts';

/** What an inbox of each channel stores, handed to the domain on the ServiceContext. The API, phone and in-person channels have no inboxes. */
export const inboxSchemas: InboxSchemaCatalog = {
  email: { settings: emailSettingsSchema, secrets: emailSecretsSchema },
  telegram: { settings: telegramSettingsSchema, secrets: telegramSecretsSchema },
  widget: { settings: widgetSettingsSchema, secrets: widgetSecretsSchema },
  api: null,
  phone: null,
  in_person: null,
};
