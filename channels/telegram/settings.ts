import { z } from 'zod';

/** A Telegram inbox's `inboxes.settings`: what admins configure in the console. */
export const telegramSettingsSchema = z.strictObject({
  /** `auto`: webhook when PUBLIC_URL is set, long polling otherwise. */
  mode: z.enum(['auto', 'polling', 'webhook']).default('auto'),
  greeting: z.string().trim().min(1).max(4096).default('Hello! Write your question here and one of our agents will answer you shortly.'),
  helpText: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .default('Just write your message in this chat: an agent will reply here. Send photos or files if they help explain.'),
  /** Ask for a 1-5 rating with one tap when a conversation is resolved. */
  csat: z.boolean().default(true),
  csatPrompt: z.string().trim().min(1).max(1000).default('How would you rate the help you received?'),
});
export type TelegramSettings = z.infer<typeof telegramSettingsSchema>;

/** The sealed part of a Telegram inbox (`inboxes.secrets`, sealed with ctx.secrets). */
export const telegramSecretsSchema = z.strictObject({
  botToken: z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA... (from @BotFather)'),
});
export type TelegramSecrets = z.infer<typeof telegramSecretsSchema>;

/** Stored settings may predate a field or hold a bad value: each bad field falls back to its default, the bot runs. */
export function readTelegramSettings(raw: unknown): TelegramSettings {
  const stored = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(telegramSettingsSchema.shape)) {
    const parsed = field.safeParse(stored[key]);
    out[key] = parsed.success ? parsed.data : field.parse(undefined);
  }
  return out as TelegramSettings;
}

export const botIdOf = (token: string) => token.slice(0, token.indexOf(':'));
