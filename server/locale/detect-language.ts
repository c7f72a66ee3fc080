import type { Locale } from './locales.ts';

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LATIN_WORD = /\p{Script=Latin}+/gu;

/**
 * Whether a customer wrote Chinese or English, for answering in their language. Mixed text goes by what
 * most of it is (a Chinese character counts about as much as an English word), so "我的iPhone无法登录"
 * is Chinese and "Hi, I am 王伟" English. Null when neither: no letters at all, Japanese, Korean.
 * Search analysis (knowledge-base/search/text) cuts text by script for its own purposes and does not use this.
 */
export function detectLanguage(text: string): Locale | null {
  if (KANA.test(text)) return null;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  if (!han && !latin) return null;
  return han >= latin ? 'zh-CN' : 'en';
}
