import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { toEmailInbox } from '../../channels/email/inbox.ts';
import { emailSettingsSchema, type EmailSettings } from '../../channels/email/settings.ts';
import type { Dovecot } from './dovecot.ts';

export const OUR_ADDRESS = 'support@switchboard.test';

const fixtures = path.join(import.meta.dirname, '../fixtures/email');
/** A fixture's raw bytes; `{{NAME}}` placeholders are filled from `vars`. */
export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  let raw = readFileSync(path.join(fixtures, name));
  for (const [k, v] of Object.entries(vars)) raw = Buffer.from(raw.toString('latin1').replaceAll(`{{${k}}}`, v), 'latin1');
  return raw;
}

/** A plain customer mail with a unique Message-ID. */
export function customerMail(n: number, opts: { from?: string; subject?: string; messageId?: string; headers?: string[] } = {}): string {
  return [
    `From: Customer ${n} <${opts.from ?? `customer${n}@customer.example`}>`,
    `To: Support <${OUR_ADDRESS}>`,
    `Subject: ${opts.subject ?? `Question ${n}`}`,
    `Message-ID: ${opts.messageId ?? `<m${n}-${Date.now()}@customer.example>`}`,
    'Date: Mon, 02 Mar 2026 09:15:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    ...(opts.headers ?? []),
    '',
    `Body of message ${n}`,
    '',
  ].join('\r\n');
}

/** An enabled email inbox row pointing at the test Dovecot (password sealed like the admin service does). */
export async function buildEmailInbox(
  ctx: ServiceContext,
  dovecot: Dovecot,
  overrides: Partial<EmailSettings> & { smtpPort?: number } = {},
) {
  const { smtpPort, ...rest } = overrides;
  const settings = emailSettingsSchema.parse({
    address: OUR_ADDRESS,
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user: dovecot.user },
    smtp: { host: '127.0.0.1', port: smtpPort ?? 2525, secure: false },
    pollSeconds: 60,
    ...rest,
  });
  const [row] = await ctx.db
    .insert(inboxes)
    .values({ channel: 'email', name: 'Support', settings, secrets: ctx.secrets.seal(JSON.stringify({ imapPassword: dovecot.password })) })
    .returning();
  return toEmailInbox(ctx, row!);
}

export async function reloadInbox(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(inboxes).where(eq(inboxes.id, id));
  return toEmailInbox(ctx, row!);
}

/** Polls `check` until it returns a truthy value or the deadline passes (no sleep-and-hope). */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
