import { currentLocale, t } from './i18n/index.svelte.ts';
import type { ChannelKind } from './types.ts';

interface IdentityLike {
  channel: ChannelKind;
  externalId: string;
  displayName: string | null;
  username?: string | null;
  details?: { username: string | null };
}

/**
 * How an agent sees a channel identity. A web-chat identity's external id is our own visitor id, so it shows the
 * name the visitor gave or just "Web chat"; a Telegram user shows their @username when they have one.
 */
export function identityText(id: IdentityLike): string {
  if (id.channel === 'widget') return id.displayName || t('channel.widget');
  const username = id.username ?? id.details?.username;
  const handle = id.channel === 'telegram' && username ? `@${username}` : id.externalId;
  return [id.displayName, handle].filter((x, i, all) => x && all.indexOf(x) === i).join(' · ');
}

/** The visitor's clock now, in the agent's language: "14:32" (nothing for an unknown time zone). */
export function localTime(timeZone: string | null, now = new Date()): string | null {
  if (!timeZone) return null;
  try {
    return new Intl.DateTimeFormat(currentLocale(), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  } catch {
    return null;
  }
}

/** "Chrome on Windows · /pricing · 14:32 local": what the widget told about the visitor. */
export function visitorLine(details: { browser: string | null; page: string | null; timeZone: string | null }, now = new Date()): string {
  const time = localTime(details.timeZone, now);
  return [details.browser, details.page, time ? t('contacts.localTime', { time }) : null].filter(Boolean).join(' · ');
}
