import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Update } from 'grammy/types';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'telegram');

/** A Bot API update from test/fixtures/telegram, with fields overridden (deeply for the message). */
export function loadUpdate(
  name: string,
  overrides: { update_id?: number; message?: Record<string, unknown>; callback_query?: Record<string, unknown> } = {},
): Update {
  const update = JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as Update & Record<string, Record<string, unknown>>;
  if (overrides.update_id !== undefined) update.update_id = overrides.update_id;
  for (const key of ['message', 'callback_query'] as const) {
    const patch = overrides[key];
    const target = key === 'message' ? (update.message ?? update.edited_message) : update.callback_query;
    if (patch && target) Object.assign(target, patch);
  }
  return update;
}

let tokenSeq = 0;

/** A token in BotFather's format; the fake Bot API reads the bot id from before the colon. */
export const buildBotToken = (botId = 700000000 + ++tokenSeq) => `${botId}:AAH${'x'.repeat(30)}${tokenSeq}`;

/** A Telegram inbox row with its token sealed, as the inbox admin service stores it. */
export async function buildTelegramInbox(
  ctx: ServiceContext,
  overrides: { token?: string; settings?: Record<string, unknown>; teamId?: string | null; enabled?: boolean; name?: string } = {},
) {
  const token = overrides.token ?? buildBotToken();
  const [row] = await ctx.db
    .insert(inboxes)
    .values({
      channel: 'telegram',
      name: overrides.name ?? 'Telegram',
      teamId: overrides.teamId ?? null,
      enabled: overrides.enabled ?? true,
      settings: overrides.settings ?? {},
      secrets: ctx.secrets.seal(JSON.stringify({ botToken: token })),
    })
    .returning();
  return { inbox: row!, token, botId: token.split(':')[0]! };
}

type Falsy = false | 0 | '' | null | undefined;

/** Polls `check` until it returns a truthy value or the deadline passes (no sleeps that hope). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Exclude<T, Falsy>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, Falsy>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
