import type { Locale } from './locales.ts';

/** One text per plural category of the `count` parameter (Intl.PluralRules); `other` is always there. */
export type PluralMessage = { readonly [category in Intl.LDMLPluralRule]?: string } & { readonly other: string };
/** A text with `{name}` placeholders, or its plural forms. */
export type Message = string | PluralMessage;
export type Catalog<K extends string> = Record<K, Message>;
/** A surface's catalogs: English has every key; a surface types its other catalogs complete where it writes them. */
export type Catalogs<K extends string> = { readonly en: Catalog<K> } & { readonly [L in Locale]?: Partial<Catalog<K>> };
export type Params = Readonly<Record<string, string | number>>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/**
 * One message in one locale. A key missing in the locale falls back to English (catalogs are typed complete,
 * so this is a safety net: its plural form is still chosen by the locale's rules), and a plural form missing
 * to `other`. `{count}` picks the plural form and, being a quantity, is written with the locale's digit
 * grouping ("1,234"); other numbers are written as they are (ticket #10234 stays #10234).
 * Terse on purpose: the widget ships this to every site that embeds it, within a 40 KB gzipped budget.
 */
export function translate<K extends string>(catalogs: Catalogs<K>, locale: Locale, key: K, params: Params = {}): string {
  let message: Message = catalogs[locale]?.[key] ?? catalogs.en[key];
  if (typeof message !== 'string') message = message[new Intl.PluralRules(locale).select(+params.count!)] ?? message.other;
  return message.replace(/{(\w+)}/g, (all, name: string) =>
    name in params ? (name === 'count' ? params[name]!.toLocaleString(locale) : `${params[name]}`) : all,
  );
}

/** `t(key, params)` bound to one surface's catalogs and one locale. */
export const createTranslator =
  <K extends string>(catalogs: Catalogs<K>, locale: Locale): Translate<K> =>
  (key, params) =>
    translate(catalogs, locale, key, params);
