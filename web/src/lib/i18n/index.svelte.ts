import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-cn.ts';

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

const state = $state({ locale: 'en' as Locale });

export function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (locales as readonly string[]).includes(value);
}

/** The user's saved locale wins; before sign-in the browser's language decides. */
export function guessLocale(): Locale {
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages;
  return langs.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return state.locale;
}

/** Looks a message up in the current locale; `{name}` placeholders are filled from params. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogs[state.locale][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
