import { type OriginPolicy, sameOrigin } from '../../server/realtime/auth.ts';
import type { WidgetSettings } from './settings.ts';

type Headers = Record<string, string | string[] | undefined>;

/**
 * May a page at this Origin use the inbox's widget? No Origin (not a browser): yes, an Origin proves nothing
 * outside one. This server's own origin (/widget-demo): always. Else the inbox's allowedOrigins; empty allows all.
 */
export function originAllowed(headers: Headers, settings: WidgetSettings, policy: OriginPolicy): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  if (sameOrigin(headers, policy)) return true;
  if (!settings.allowedOrigins.length) return true;
  try {
    return settings.allowedOrigins.includes(new URL(origin).origin);
  } catch {
    return false;
  }
}
