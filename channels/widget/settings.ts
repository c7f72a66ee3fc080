import { z } from 'zod';
import { createTranslator, locales, pickLocale, type Locale } from '../../server/locale/index.ts';
import { WIDGET_DEFAULT_LIMITS, type WidgetLimits, type WidgetPublicSettings } from './protocol.ts';

const fieldMode = z.enum(['off', 'optional', 'required']);
const mimePattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.+-]+\/(\*|[a-z0-9.+-]+)$/, 'a MIME type like image/png or image/*');

/** "https://shop.example.com" (scheme, host and port; no path). Stored in URL's normal form so comparisons are exact. */
const origin = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '').toLowerCase();
    } catch {
      return false;
    }
  }, 'an origin like https://shop.example.com (scheme and host, no path)')
  .transform((s) => new URL(s).origin);

/** A widget inbox's `inboxes.settings`, validated on every create and update (see server/services/inboxes). */
export const widgetSettingsSchema = z.strictObject({
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb')
    .default('#1f6feb'),
  /** Empty: the widget greets in the visitor's language with the default text. */
  greeting: z.string().trim().max(500).default(''),
  position: z.enum(['right', 'left']).default('right'),
  preChat: z
    .strictObject({ name: fieldMode.default('optional'), email: fieldMode.default('optional') })
    .default({ name: 'optional', email: 'optional' }),
  businessHoursText: z.string().trim().max(200).default(''),
  locale: z.enum(['auto', ...locales] as const).default('auto'),
  /** Sites that may embed the widget; empty allows every site. This server's own origin is always allowed. */
  allowedOrigins: z.array(origin).max(50).default([]),
  /** Ask the visitor for a rating (1-5) when their conversation is resolved. */
  csat: z.boolean().default(true),
  /** The mailbox that emails replies to visitors who left; unset: the first enabled email inbox. */
  emailInboxId: z.uuid().nullable().default(null),
  limits: z
    .strictObject({
      maxTextLength: z.number().int().min(1).max(20_000).optional(),
      maxAttachmentBytes: z
        .number()
        .int()
        .min(1_000)
        .max(50 * 1024 * 1024)
        .optional(),
      attachmentTypes: z.array(mimePattern).max(50).optional(),
    })
    .default({}),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

/** The sealed part: the key the host site signs its user ids with. Generated when absent (new inbox, removed secret). */
export const widgetSecretsSchema = z.strictObject({
  identitySecret: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(200)
    .default(() => generateIdentitySecret()),
});

export function generateIdentitySecret(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stored settings with defaults filled in; a row written before a field existed still parses. */
export function widgetSettingsOf(raw: unknown): WidgetSettings {
  const parsed = widgetSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : widgetSettingsSchema.parse({});
}

export function limitsOf(s: WidgetSettings): WidgetLimits {
  return {
    maxTextLength: s.limits.maxTextLength ?? WIDGET_DEFAULT_LIMITS.maxTextLength,
    maxAttachmentBytes: s.limits.maxAttachmentBytes ?? WIDGET_DEFAULT_LIMITS.maxAttachmentBytes,
    attachmentTypes: s.limits.attachmentTypes ?? WIDGET_DEFAULT_LIMITS.attachmentTypes,
  };
}

const greetings = { en: { greeting: 'Hi! How can we help you today?' }, 'zh-CN': { greeting: '您好！有什么可以帮您的吗？' } };

/** The language the server writes the widget's texts in: the inbox's setting, or with 'auto' the visitor's. */
export const widgetLocale = (s: WidgetSettings, visitorLocale?: string): Locale =>
  s.locale === 'auto' ? pickLocale([visitorLocale]) : s.locale;

/** What the widget may know: never the identity secret, the allowed origins or the email inbox. */
export function publicSettings(inboxId: string, s: WidgetSettings, visitorLocale?: string): WidgetPublicSettings {
  const lang = widgetLocale(s, visitorLocale);
  return {
    inboxId,
    color: s.color,
    greeting: s.greeting || createTranslator(greetings, lang)('greeting'),
    position: s.position,
    preChat: s.preChat,
    businessHoursText: s.businessHoursText,
    locale: s.locale,
    limits: limitsOf(s),
  };
}

/** "image/*" matches image/png; exact types match themselves. */
export function typeAllowed(contentType: string, patterns: readonly string[]): boolean {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return patterns.some((p) => (p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : type === p.toLowerCase()));
}
