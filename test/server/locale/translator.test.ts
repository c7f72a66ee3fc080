import { describe, expect, it } from 'vitest';
import { createTranslator, type Catalog } from '../../../server/locale/index.ts';

const en = {
  hello: 'Hello {name}',
  tickets: { one: '{count} ticket', other: '{count} tickets' },
  waiting: { one: 'one customer waits', other: '{count} customers wait' },
  onlyEnglish: 'Only in English',
  ticket: 'Ticket #{number}',
} as const;
type Key = keyof typeof en;
const zhCN: Partial<Catalog<Key>> = {
  hello: '{name}，您好',
  tickets: '{count} 个工单',
  waiting: { other: '{count} 位客户在等待' },
  ticket: '工单 #{number}',
};
const catalogs = { en, 'zh-CN': zhCN };

describe('the translator', () => {
  const t = createTranslator(catalogs, 'en');
  const zh = createTranslator(catalogs, 'zh-CN');

  it('chooses English plural forms by the count', () => {
    expect(t('tickets', { count: 1 })).toBe('1 ticket');
    expect(t('tickets', { count: 0 })).toBe('0 tickets');
    expect(t('tickets', { count: 2 })).toBe('2 tickets');
    expect(t('tickets', { count: 1.5 })).toBe('1.5 tickets');
    expect(t('waiting', { count: 1 })).toBe('one customer waits');
    expect(t('waiting', { count: 7 })).toBe('7 customers wait');
  });

  it('has one form in Chinese, whatever the count, and takes a plain text as that form', () => {
    expect(zh('tickets', { count: 1 })).toBe('1 个工单');
    expect(zh('tickets', { count: 5 })).toBe('5 个工单');
    expect(zh('waiting', { count: 1 })).toBe('1 位客户在等待');
  });

  it('writes a count with the digit grouping of the language, other numbers as they are', () => {
    expect(t('tickets', { count: 12345 })).toBe('12,345 tickets');
    expect(zh('tickets', { count: 12345 })).toBe('12,345 个工单');
    expect(t('ticket', { number: 10234 })).toBe('Ticket #10234');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('hello', { name: 'Bo' })).toBe('Hello Bo');
    expect(zh('hello', { name: '小王' })).toBe('小王，您好');
    expect(t('hello')).toBe('Hello {name}');
    expect(t('hello', { name: '{count}' })).toBe('Hello {count}');
    expect(t('tickets', { count: '1,2' })).toBe('1,2 tickets');
  });

  it('falls back to English for a missing key', () => {
    expect(zh('onlyEnglish')).toBe('Only in English');
    const sparse = createTranslator({ en, 'zh-CN': {} }, 'zh-CN');
    expect(sparse('hello', { name: 'Bo' })).toBe('Hello Bo');
    // Chinese has one plural category, `other`: an English fallback shows its `other` form.
    expect(sparse('tickets', { count: 3 })).toBe('3 tickets');
  });

  it('uses `other` when a plural form is missing or there is no count', () => {
    const few = createTranslator({ en: { n: { other: '{count} things' } } }, 'en');
    expect(few('n', { count: 1 })).toBe('1 things');
    expect(t('tickets')).toBe('{count} tickets');
  });
});
