import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Proper nouns and pure notation may stay as they are ("Telegram", "#{number}"); sentences may not. */
const untranslatable = (s: string) => !/\b[a-z]{3,}\b/.test(s.replace(/\{\w+\}/g, ''));

describe('console catalogs', () => {
  it('Simplified Chinese has every English key and no extra ones', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('every Chinese message uses the same placeholders as the English one', () => {
    const wrong = Object.entries(en).filter(([k, v]) => placeholders(v).join() !== placeholders(zhCN[k as keyof typeof en]).join());
    expect(wrong.map(([k]) => k)).toEqual([]);
  });

  it('no English sentence was left untranslated in the Chinese catalog', () => {
    const same = Object.entries(en).filter(([k, v]) => zhCN[k as keyof typeof en] === v && !untranslatable(v));
    expect(same.map(([k]) => k)).toEqual([]);
  });
});
