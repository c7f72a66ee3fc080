import { z } from 'zod';

const host = z.string().trim().min(1, 'is required').max(253);
const port = z.number().int().min(1).max(65535);

/** An email inbox's `inboxes.settings`: what admins configure in the console (passwords live in secrets). */
export const emailSettingsSchema = z
  .strictObject({
    /** The address customers write to; also the From of every reply. */
    address: z.email(),
    /** Shown after the agent's name in From when set (e.g. "Ann from Acme Support"). */
    displayName: z.string().trim().max(100).optional(),
    /** Further addresses that are ours (aliases): mail from them is never ingested as customer mail. */
    aliases: z.array(z.email()).max(20).default([]),
    imap: z.strictObject({
      host,
      port: port.default(993),
      /** Implicit TLS (993); false uses STARTTLS when offered. */
      secure: z.boolean().default(true),
      user: z.string().min(1, 'is required').max(320),
      allowSelfSigned: z.boolean().default(false),
    }),
    smtp: z.strictObject({
      host,
      port: port.default(587),
      secure: z.boolean().default(false),
      user: z.string().max(320).optional(),
      allowSelfSigned: z.boolean().default(false),
    }),
    mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    /** What to do with a message once its ticket message is committed. */
    afterIngest: z.enum(['seen', 'move', 'none']).default('seen'),
    moveTo: z.string().trim().min(1).max(200).optional(),
    /** Poll interval when the server has no IDLE, and a safety net when it does. */
    pollSeconds: z.number().int().min(1).max(3600).default(60),
    maxMessageBytes: z.number().int().min(10_000).max(200_000_000).default(25_000_000),
    maxAttachmentBytes: z.number().int().min(1_000).max(100_000_000).default(10_000_000),
    autoAcknowledge: z.boolean().default(false),
    acknowledgement: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .default(
        'Thank you for writing to us. Your request is ticket #{ticket}; we will answer as soon as we can. Reply to this email to add anything.',
      ),
    /** Markdown under every agent's mail from this mailbox; `{agent.name}` becomes the writer's name. */
    signature: z.string().trim().max(2000).optional(),
    /** Email a satisfaction survey (rating links 1-5) when a ticket of this mailbox is resolved. */
    csat: z.boolean().default(true),
    autoMailPerTicket: z.number().int().min(0).max(100).default(3),
    autoMailPerRecipient: z.number().int().min(0).max(1000).default(10),
    autoMailWindowMinutes: z.number().int().min(1).max(10_080).default(60),
    bounceSuppressHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(72),
  })
  .refine((s) => s.afterIngest !== 'move' || !!s.moveTo, { message: 'is required when afterIngest is "move"', path: ['moveTo'] });
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

/** The sealed part of an email inbox (`inboxes.secrets`). */
export const emailSecretsSchema = z.strictObject({
  imapPassword: z.string().min(1).max(1000),
  smtpPassword: z.string().min(1).max(1000).optional(),
});
export type EmailSecrets = z.infer<typeof emailSecretsSchema>;

/** `imap://user:pass@host:port` (imaps:// for TLS) and `smtp://...` (smtps://) as used by the env bootstrap. */
export function settingsFromUrls(address: string, imapUrl: string, smtpUrl: string) {
  const imap = new URL(imapUrl);
  const smtp = new URL(smtpUrl);
  const imapTls = imap.protocol === 'imaps:';
  const smtpTls = smtp.protocol === 'smtps:';
  const settings = {
    address,
    imap: {
      host: imap.hostname,
      port: Number(imap.port) || (imapTls ? 993 : 143),
      secure: imapTls,
      user: decodeURIComponent(imap.username),
    },
    smtp: {
      host: smtp.hostname,
      port: Number(smtp.port) || (smtpTls ? 465 : 587),
      secure: smtpTls,
      ...(smtp.username ? { user: decodeURIComponent(smtp.username) } : {}),
    },
  };
  const secrets = {
    imapPassword: decodeURIComponent(imap.password),
    ...(smtp.password ? { smtpPassword: decodeURIComponent(smtp.password) } : {}),
  };
  return { settings, secrets };
}
