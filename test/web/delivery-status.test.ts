import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../server/locale/index.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';

describe('delivery status on a message in the console', () => {
  it('says a reply waiting for another try is retrying, and when, in English and Chinese', () => {
    const catalogs = { en, 'zh-CN': zhCN };
    expect(createTranslator(catalogs, 'en')('message.retrying', { time: '10:42' })).toBe('Retrying, next attempt at 10:42');
    expect(createTranslator(catalogs, 'zh-CN')('message.retrying', { time: '10:42' })).toBe('正在重试，下次尝试时间：10:42');
  });
});
