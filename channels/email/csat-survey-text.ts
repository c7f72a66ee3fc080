/** The survey mail's words in each language we write to customers in (en, zh-CN). */
export type SurveyLocale = 'en' | 'zh-CN';

const words = {
  en: {
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (subject: string, n: number) => `Your request “${subject}” (ticket #${n}) has been resolved. How would you rate the help you received?`,
    scale: ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'],
    how: (until: string) => `Choosing a rating opens a page where you confirm it and may add a comment. The links work until ${until}.`,
    notSolved: 'If your problem is not solved, simply reply to this email.',
    agentNote: '(Each rating above is a personal link in the customer’s email; it is not shown here.)',
  },
  'zh-CN': {
    greeting: (name: string | null) => (name ? `${name}，您好：` : '您好：'),
    intro: (subject: string, n: number) => `您的请求“${subject}”（工单 #${n}）已解决。您对我们提供的帮助满意吗？`,
    scale: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    how: (until: string) => `点击评分后会打开一个页面，请在页面上确认，也可以留下意见。链接有效期至 ${until}。`,
    notSolved: '如果问题尚未解决，直接回复此邮件即可。',
    agentNote: '（每个评分都是发给客户的专属链接，此处不显示。）',
  },
} as const;

export interface SurveyMailInput {
  locale: SurveyLocale;
  customerName: string | null;
  subject: string;
  ticketNumber: number;
  expiresAt: Date;
  /** The five rating links (1..5); null renders the copy kept on the ticket, without them. */
  links: string[] | null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const day = (d: Date, locale: SurveyLocale) => d.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

export function surveyText(s: SurveyMailInput): string {
  const w = words[s.locale];
  const scale = w.scale.map((label, i) => `${i + 1} – ${label}${s.links ? `: ${s.links[i]}` : ''}`);
  return [w.greeting(s.customerName), '', w.intro(s.subject, s.ticketNumber), '', ...scale, '', ...(s.links ? [] : [w.agentNote, '']), w.how(day(s.expiresAt, s.locale)), w.notSolved].join('\n');
}

export function surveyHtml(s: SurveyMailInput & { links: string[] }): string {
  const w = words[s.locale];
  const colours = ['#c0392b', '#e67e22', '#7f8c8d', '#27ae60', '#1e8449'];
  const buttons = w.scale
    .map(
      (label, i) =>
        `<a href="${escapeHtml(s.links[i]!)}" style="display:inline-block;margin:4px;padding:10px 14px;border-radius:8px;background:${colours[i]};color:#fff;text-decoration:none;font-weight:600">${i + 1} · ${escapeHtml(label)}</a>`,
    )
    .join('');
  return [
    `<div style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(w.greeting(s.customerName))}</p>`,
    `<p>${escapeHtml(w.intro(s.subject, s.ticketNumber))}</p>`,
    `<p>${buttons}</p>`,
    `<p style="color:#555">${escapeHtml(w.how(day(s.expiresAt, s.locale)))}</p>`,
    `<p style="color:#555">${escapeHtml(w.notSolved)}</p>`,
    `</div>`,
  ].join('');
}
