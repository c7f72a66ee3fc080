import { createTranslator, isLocale, localeNames, locales, pickLocale, type Locale, type Params } from '../../../../server/locale/index.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-cn.ts';

export { isLocale, localeNames, locales, type Locale, type MessageKey };

const catalogs = { en, 'zh-CN': zhCN };
const translators = { en: createTranslator(catalogs, 'en'), 'zh-CN': createTranslator(catalogs, 'zh-CN') };

const state = $state({ locale: 'en' as Locale });

/** The user's saved locale wins; before sign-in the browser's languages decide, in their order. */
export function guessLocale(): Locale {
  return pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return state.locale;
}

/** Looks a message up in the current locale: `{name}` placeholders from params, plural forms by `count`. */
export function t(key: MessageKey, params?: Params): string {
  return translators[state.locale](key, params);
}
