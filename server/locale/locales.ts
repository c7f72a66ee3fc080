/** The languages every surface speaks: console, widget, help center, rating pages and channel texts. */
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** Shown when nothing better is known, and where a message missing in another language is taken from. */
export const defaultLocale: Locale = 'en';

export const isLocale = (value: unknown): value is Locale => (locales as readonly unknown[]).includes(value);

/** Each language named in itself, for language switches. */
export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };
