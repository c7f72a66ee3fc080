import { z } from 'zod';

/** Every setting the server reads from the environment. Parsed once at start; nothing else reads process.env. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MEILI_URL: z.url().optional(),
  MEILI_KEY: z.string().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of the Socket.IO channels in Redis: app nodes talk to each other only when they share it. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'letters, digits, . : _ - only (up to 64)')
    .default('switchboard'),
  /** A dead node's channel pollers (IMAP, Telegram) move to another node within about this long. */
  LEASE_TTL_SECONDS: z.coerce.number().min(1).max(300).default(10),
  PUBLIC_URL: z.url().optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** How many times in a row a job may stop its worker mid-run (crash, kill, a hang past its lease) before it is failed. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** A job that keeps failing is retried this long after its first try (exponential backoff) before it is failed. */
  OUTBOX_RETRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** The first retry waits up to this long, each next one twice as long (with jitter), up to OUTBOX_RETRY_MAX_MINUTES. */
  OUTBOX_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(5),
  OUTBOX_RETRY_MAX_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(30),
  /** A worker's claim on a job, renewed while the job runs: a dead node's jobs go to another node within about this long. */
  OUTBOX_LEASE_SECONDS: z.coerce.number().min(1).max(300).default(10),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  /** Outbound webhooks: a receiver has this long to answer (2xx) before the attempt counts as failed. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(10),
  /** A delivery that keeps failing is retried this long after it was written (exponential backoff, jitter). */
  WEBHOOK_RETRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  WEBHOOK_RETRY_MAX_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(60),
  /** Deliveries given up in a row (each after WEBHOOK_RETRY_HOURS of failures) before a subscription is switched off. */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(3),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Allow webhook URLs on loopback, private and link-local addresses (SSRF guard off): only for tests and closed networks. */
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['true', 'false']).default('false'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 14),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** First-start bootstrap: creates a Telegram inbox with this bot token when none exists yet. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA... (from @BotFather)')
    .optional(),
  /** The Bot API server: Telegram's, or a self-hosted telegram-bot-api. */
  TELEGRAM_API_ROOT: z
    .url()
    .default('https://api.telegram.org')
    .transform((u) => u.replace(/\/+$/, '')),
  /** Behind a reverse proxy: take the client IP (login rate limits, audit) from the last X-Forwarded-For hop. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** How long an agent stays online after their last console tab disconnects (reloads, flaky Wi-Fi). */
  PRESENCE_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** First-start bootstrap: an email inbox for this address (all three set) when none has it yet. */
  EMAIL_ADDRESS: z.email().optional(),
  /** imap://user:password@host:143 or imaps://...:993 (URL-encode special characters in the password). */
  EMAIL_IMAP_URL: z.url({ protocol: /^imaps?$/ }).optional(),
  /** smtp://user:password@host:587 (STARTTLS) or smtps://...:465. */
  EMAIL_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset so `FOO=` in a shell or compose file falls back to the default. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return Object.freeze(result.data);
}
