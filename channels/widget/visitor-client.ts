import type { IncomingHttpHeaders } from 'node:http';

/** What the agent is told about a web-chat visitor's browser: kept on the identity (customer_identities.meta). */
export interface VisitorClient {
  browser?: string;
  page?: string;
  timeZone?: string;
}

const browsers: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const systems: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome on Windows" from a User-Agent header (nothing when it names neither). */
export function browserOf(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.pathname === '/' && !u.search ? undefined : u.pathname;
  } catch {
    return undefined;
  }
}

function validZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

/**
 * The browser from the handshake's User-Agent; the page from what the widget sends (the Referer of a cross-origin
 * handshake carries only the site's origin); the IANA time zone the widget sends, if it is a real one.
 */
export function visitorClient(headers: IncomingHttpHeaders, sent: { page?: string; tz?: string }): VisitorClient {
  const page = sent.page?.startsWith('/') ? sent.page : pathOf(headers.referer);
  const out: VisitorClient = {};
  const browser = browserOf(headers['user-agent']);
  if (browser) out.browser = browser;
  if (page) out.page = page.slice(0, 300);
  const timeZone = validZone(sent.tz);
  if (timeZone) out.timeZone = timeZone;
  return out;
}
