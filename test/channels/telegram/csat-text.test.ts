import { describe, expect, it } from 'vitest';
import { csatCatalogs, csatText } from '../../../channels/telegram/csat-text.ts';
import { catalogProblems } from '../../support/catalog-checks.ts';

describe('what the Telegram bot says around a rating', () => {
  it('has every text in both languages with the same placeholders', () => {
    expect(catalogProblems(csatCatalogs)).toEqual([]);
  });

  it("speaks the language of the customer's Telegram app, English when it is neither", () => {
    expect(csatText('zh-hans')('rated', { rating: 4, face: '🙂' })).toBe('您的评分：4/5 🙂。谢谢！');
    expect(csatText('zh-hant')('closed')).toBe('此调查已关闭。');
    expect(csatText('en')('alreadyRated', { rating: 3 })).toBe('You already rated this: 3/5');
    expect(csatText('de')('thanks')).toBe('Thank you for your feedback!');
    expect(csatText(undefined)('commentThanks')).toBe('Thank you, we have passed your comment on.');
  });
});
