import type { Locale } from './locales.ts';

/**
 * The locale a language tag asks for, or null when we do not speak it. Any English is 'en'; any Chinese
 * (zh, zh-Hans, zh-SG, and also zh-TW, zh-HK, zh-Hant) is 'zh-CN': the only Chinese we have, and one a
 * Traditional-script reader understands far better than English.
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const language = tag?.toLowerCase().split(/[-_]/)[0];
  return language === 'zh' ? 'zh-CN' : language === 'en' ? 'en' : null;
}

/**
 * The first preference we speak, English when none is: a stored choice first, then `navigator.languages`
 * or `parseAcceptLanguage(header)`. Entries we do not recognise ('auto', 'de') are passed over.
 */
export function pickLocale(preferences: Iterable<string | null | undefined>): Locale {
  for (const tag of preferences) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** "zh-TW;q=0.8, en;q=0.9" -> ['en', 'zh-TW']: the tags by weight, equal weights in the order given; q=0 refuses. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = weight ? Number(weight.slice(2)) : 1;
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((w) => w.tag);
}
