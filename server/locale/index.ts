// The one locale module: no imports from the database, services, routes or any transport, so the server, the
// console (web/) and the widget client all import it; the widget's bundler keeps only what it uses.
export { defaultLocale, isLocale, localeNames, locales, type Locale } from './locales.ts';
export { matchLocale, parseAcceptLanguage, pickLocale } from './pick-locale.ts';
export { detectLanguage } from './detect-language.ts';
export {
  createTranslator,
  translate,
  type Catalog,
  type Catalogs,
  type Message,
  type Params,
  type PluralMessage,
  type Translate,
} from './translator.ts';
export { formatDuration, formatNumber, type DurationOptions } from './format.ts';
