import { describe, expect, it } from 'vitest';
import { isLocale, matchLocale, parseAcceptLanguage, pickLocale } from '../../../server/locale/index.ts';

describe('choosing a locale', () => {
  it('maps region and script variants onto the locales we have', () => {
    expect(matchLocale('zh')).toBe('zh-CN');
    expect(matchLocale('zh-Hans')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLocale('zh_SG')).toBe('zh-CN');
    // Traditional Chinese readers get Simplified: closer to them than English, and the only Chinese we have.
    expect(matchLocale('zh-TW')).toBe('zh-CN');
    expect(matchLocale('zh-Hant-HK')).toBe('zh-CN');
    expect(matchLocale('en-GB')).toBe('en');
    expect(matchLocale('EN-us')).toBe('en');
    expect(matchLocale('de-AT')).toBeNull();
    expect(matchLocale('auto')).toBeNull();
    expect(matchLocale('')).toBeNull();
    expect(matchLocale(undefined)).toBeNull();
    // A language whose code merely starts with the same letters is another language.
    expect(matchLocale('zha')).toBeNull();
    expect(matchLocale('eng')).toBeNull();
  });

  it('takes the first preference it speaks: a stored choice, then the browser list', () => {
    expect(pickLocale(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(pickLocale([null, 'auto', 'de-DE', 'en-GB', 'zh'])).toBe('en');
    expect(pickLocale(['fr', 'ja'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('reads Accept-Language by weight', () => {
    const fromHeader = (h: string | undefined) => pickLocale(parseAcceptLanguage(h));
    expect(fromHeader(undefined)).toBe('en');
    expect(fromHeader('fr-FR,fr;q=0.9')).toBe('en');
    expect(fromHeader('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(fromHeader('en;q=0.4, zh-CN;q=0.8')).toBe('zh-CN');
    expect(fromHeader('de, en;q=0.5, zh;q=0.1')).toBe('en');
    expect(fromHeader('zh;q=0, en-GB')).toBe('en');
    expect(parseAcceptLanguage(' en-GB ;q=0.5, zh-Hans , de;q=bad')).toEqual(['zh-Hans', 'en-GB']);
  });

  it('knows which values are locales', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
