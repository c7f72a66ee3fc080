import { createTranslator, type Catalog, type Locale } from '../../server/locale/index.ts';

/** The survey mail's words in each language we write to customers in. */
const en = {
  greeting: 'Hello {name},',
  greetingNoName: 'Hello,',
  intro: 'Your request “{subject}” (ticket #{number}) has been resolved. How would you rate the help you received?',
  scale1: 'Very poor',
  scale2: 'Poor',
  scale3: 'OK',
  scale4: 'Good',
  scale5: 'Excellent',
  how: 'Choosing a rating opens a page where you confirm it and may add a comment. The links work until {until}.',
  notSolved: 'If your problem is not solved, simply reply to this email.',
  agentNote: '(Each rating above is a personal link in the customer’s email; it is not shown here.)',
} as const;
type SurveyKey = keyof typeof en;

const zhCN: Catalog<SurveyKey> = {
  greeting: '{name}，您好：',
  greetingNoName: '您好：',
  intro: '您的请求“{subject}”（工单 #{number}）已解决。您对我们提供的帮助满意吗？',
  scale1: '非常不满意',
  scale2: '不满意',
  scale3: '一般',
  scale4: '满意',
  scale5: '非常满意',
  how: '点击评分后会打开一个页面，请在页面上确认，也可以留下意见。链接有效期至 {until}。',
  notSolved: '如果问题尚未解决，直接回复此邮件即可。',
  agentNote: '（每个评分都是发给客户的专属链接，此处不显示。）',
};

export const surveyCatalogs = { en, 'zh-CN': zhCN };
const scaleKeys = ['scale1', 'scale2', 'scale3', 'scale4', 'scale5'] as const;

export interface SurveyMailInput {
  locale: Locale;
  customerName: string | null;
  subject: string;
  ticketNumber: number;
  expiresAt: Date;
  /** The five rating links (1..5); null renders the copy kept on the ticket, without them. */
  links: string[] | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const day = (d: Date, locale: Locale) => d.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function words(s: SurveyMailInput) {
  const t = createTranslator(surveyCatalogs, s.locale);
  return {
    greeting: s.customerName ? t('greeting', { name: s.customerName }) : t('greetingNoName'),
    intro: t('intro', { subject: s.subject, number: s.ticketNumber }),
    scale: scaleKeys.map((key) => t(key)),
    how: t('how', { until: day(s.expiresAt, s.locale) }),
    notSolved: t('notSolved'),
    agentNote: t('agentNote'),
  };
}

export function surveyText(s: SurveyMailInput): string {
  const w = words(s);
  const scale = w.scale.map((label, i) => `${i + 1} – ${label}${s.links ? `: ${s.links[i]}` : ''}`);
  return [w.greeting, '', w.intro, '', ...scale, '', ...(s.links ? [] : [w.agentNote, '']), w.how, w.notSolved].join('\n');
}

export function surveyHtml(s: SurveyMailInput & { links: string[] }): string {
  const w = words(s);
  const colours = ['#c0392b', '#e67e22', '#7f8c8d', '#27ae60', '#1e8449'];
  const buttons = w.scale
    .map(
      (label, i) =>
        `<a href="${escapeHtml(s.links[i]!)}" style="display:inline-block;margin:4px;padding:10px 14px;border-radius:8px;background:${colours[i]};color:#fff;text-decoration:none;font-weight:600">${i + 1} · ${escapeHtml(label)}</a>`,
    )
    .join('');
  return [
    `<div style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(w.greeting)}</p>`,
    `<p>${escapeHtml(w.intro)}</p>`,
    `<p>${buttons}</p>`,
    `<p style="color:#555">${escapeHtml(w.how)}</p>`,
    `<p style="color:#555">${escapeHtml(w.notSolved)}</p>`,
    `</div>`,
  ].join('');
}
