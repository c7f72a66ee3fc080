import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../server/locale/index.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';
import { catalogProblems, messageForms } from '../support/catalog-checks.ts';

/** Proper nouns and pure notation may stay as they are ("Telegram", "#{number}"); sentences may not. */
const untranslatable = (s: string) => !/\b[a-z]{3,}\b/.test(s.replace(/\{\w+\}/g, ''));

describe('console catalogs', () => {
  it('Simplified Chinese has every English key, no extra ones, and the same placeholders', () => {
    expect(catalogProblems({ en, 'zh-CN': zhCN })).toEqual([]);
  });

  it('no English sentence was left untranslated in the Chinese catalog', () => {
    const same = Object.entries(en).filter(([k, v]) => {
      const zh = messageForms(zhCN[k as keyof typeof en]);
      return messageForms(v).some((s) => zh.includes(s) && !untranslatable(s));
    });
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it('says "1 article" and "2 articles", and counts in Chinese without plural forms', () => {
    const t = createTranslator({ en, 'zh-CN': zhCN }, 'en');
    const zh = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
    expect(t('kb.list.count', { count: 1 })).toBe('1 article');
    expect(t('kb.list.count', { count: 2 })).toBe('2 articles');
    expect(t('conn.caughtUp', { count: 1 })).toBe('Reconnected: 1 changed ticket caught up.');
    expect(t('reports.heatmap.cell', { day: 'Mon', hour: 9, count: 1 })).toBe('Mon 9:00 — 1 new ticket');
    expect(t('dashboard.csat.responses', { count: 1200 })).toBe('1,200 ratings');
    expect(t('mail.failed.attempts', { count: 1 })).toBe('1 attempt');
    expect(t('csat.mineCount', { count: 1 })).toBe('from 1 rating');
    expect(zh('kb.list.count', { count: 1 })).toBe('共 1 篇文章');
    expect(zh('reports.staffing.cell', { day: '周一', hour: 9, count: 1, arrivals: 2.5 })).toBe(
      '周一 9:00 — 每小时 2.5 个来单需要 1 位客服',
    );
  });
});
