import { describe, expect, it } from 'vitest';
import { surveyCatalogs, surveyText } from '../../../channels/email/csat-survey-text.ts';
import { catalogProblems } from '../../support/catalog-checks.ts';

const mail = { customerName: 'Anna', subject: 'Printer', ticketNumber: 1042, expiresAt: new Date('2026-06-01T00:00:00Z'), links: null };

describe("the survey mail's words", () => {
  it('has every text in both languages with the same placeholders', () => {
    expect(catalogProblems(surveyCatalogs)).toEqual([]);
  });

  it("greets by name, or without one, in the customer's language", () => {
    expect(surveyText({ ...mail, locale: 'en' })).toMatch(/^Hello Anna,\n\nYour request “Printer” \(ticket #1042\) has been resolved/);
    expect(surveyText({ ...mail, locale: 'en', customerName: null })).toMatch(/^Hello,\n/);
    const zh = surveyText({ ...mail, locale: 'zh-CN', customerName: '王伟' });
    expect(zh).toMatch(/^王伟，您好：\n\n您的请求“Printer”（工单 #1042）已解决/);
    expect(zh).toContain('5 – 非常满意');
    expect(zh).toContain('链接有效期至 2026年6月1日。');
  });
});
