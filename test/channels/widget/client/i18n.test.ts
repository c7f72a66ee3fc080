import { describe, expect, it } from 'vitest';
import { catalogs, pickLocale, translate } from '../../../../channels/widget/client/src/lib/i18n.ts';
import { catalogProblems, messageForms } from '../../../support/catalog-checks.ts';

describe("the widget's strings", () => {
  it('has every English string in Chinese too, with the same placeholders', () => {
    expect(catalogProblems(catalogs)).toEqual([]);
    const untranslated = Object.entries(catalogs.en).filter(([key, en]) =>
      messageForms(catalogs['zh-CN'][key as keyof typeof catalogs.en]).includes(messageForms(en)[0]!),
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it("follows the inbox setting, or the visitor's browser when it is auto", () => {
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale('auto', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(undefined, ['fr'])).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'typing.agent', { name: 'Bo' })).toBe('Bo is typing…');
    expect(translate('zh-CN', 'typing.agent', { name: '小王' })).toBe('小王 正在输入…');
    expect(translate('zh-CN', 'message.seen')).toBe('已读');
  });
});
