import { defaultLocale, type Locale } from './locales.ts';

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
 * `t(key, params)` for one locale. A key missing in the locale falls back to English, and a plural form
 * missing to `other`. `{count}` picks the plural form and, being a quantity, is written with the locale's
 * digit grouping ("1,234"); other numbers are written as they are (ticket #10234 stays #10234).
 */
export function createTranslator<K extends string>(catalogs: Catalogs<K>, locale: Locale): Translate<K> {
  const own = catalogs[locale];
  const rules: Partial<Record<Locale, Intl.PluralRules>> = {};
  let numbers: Intl.NumberFormat | undefined;
  return (key, params = {}) => {
    const mine = own?.[key];
    const [message, lang] = mine === undefined ? [catalogs.en[key] ?? key, defaultLocale] : [mine, locale];
    const text = typeof message === 'string' ? message : (message[(rules[lang] ??= new Intl.PluralRules(lang)).select(Number(params.count))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = params[name];
      if (value === undefined) return all;
      return name === 'count' && typeof value === 'number' ? (numbers ??= new Intl.NumberFormat(locale)).format(value) : String(value);
    });
  };
}
