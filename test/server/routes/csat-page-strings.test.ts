import { describe, expect, it } from 'vitest';
import { csatCatalogs, translator } from '../../../server/routes/csat-page/strings.ts';
import { catalogProblems } from '../../support/catalog-checks.ts';

describe("the rating page's strings", () => {
  it('has every string in both languages with the same placeholders', () => {
    expect(catalogProblems(csatCatalogs)).toEqual([]);
  });

  it('fills the ticket number and rating in either language', () => {
    expect(translator('en')('thanksText', { rating: 4, number: 12 })).toBe('We have recorded your rating of 4/5 for ticket #12.');
    expect(translator('zh-CN')('thanksText', { rating: 4, number: 12 })).toBe('我们已记录您对工单 #12 的评分：4/5。');
  });
});
