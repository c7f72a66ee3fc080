import { createTranslator, type Catalog, type Locale, type Translate as TranslateKey } from '../../locale/index.ts';

/** The rating page's words; the page speaks the language of the survey mail (?lang=) or of the browser. */

const en = {
  title: 'Rate our help',
  question: 'How would you rate the help you received with ticket #{number}?',
  subject: 'Your request: “{subject}”',
  scale1: 'Very poor',
  scale2: 'Poor',
  scale3: 'OK',
  scale4: 'Good',
  scale5: 'Excellent',
  commentLabel: 'Anything you would like to add? (optional)',
  confirm: 'Send my rating',
  hint: 'Your rating is only recorded when you press the button.',
  pickRating: 'Please choose a rating from 1 to 5.',
  thanksTitle: 'Thank you!',
  thanksText: 'We have recorded your rating of {rating}/5 for ticket #{number}.',
  answeredTitle: 'Already rated',
  answeredText: 'This survey was already answered ({rating}/5). Each survey takes one answer; thank you for yours.',
  invalidTitle: 'This link does not work',
  invalidText: 'The survey link is incomplete or was altered. Please open it again from the email, copying the whole address.',
  expiredTitle: 'This survey has expired',
  expiredText:
    'Survey links work for a limited time after a ticket is resolved, and this one has run out. If you still need help, reply to our email.',
  reopenedTitle: 'This survey is closed',
  reopenedText: 'The ticket was reopened after this survey was sent. We will ask for your rating again once it is resolved.',
  goneText: 'The ticket this survey asks about no longer exists.',
  refusedTitle: 'Not sent',
  refusedText: 'This form can only be sent from its own page. Please open the link from the email again.',
  language: 'Language',
} as const;

export type CsatKey = keyof typeof en;

const zhCN: Catalog<CsatKey> = {
  title: '为我们的服务评分',
  question: '您对工单 #{number} 获得的帮助满意吗？',
  subject: '您的请求：“{subject}”',
  scale1: '非常不满意',
  scale2: '不满意',
  scale3: '一般',
  scale4: '满意',
  scale5: '非常满意',
  commentLabel: '还有什么想告诉我们的吗？（可选）',
  confirm: '提交评分',
  hint: '只有点击按钮后，您的评分才会被记录。',
  pickRating: '请选择 1 到 5 分。',
  thanksTitle: '谢谢！',
  thanksText: '我们已记录您对工单 #{number} 的评分：{rating}/5。',
  answeredTitle: '已经评过分了',
  answeredText: '此调查已经回答过（{rating}/5）。每份调查只接受一次回答，感谢您的反馈。',
  invalidTitle: '此链接无效',
  invalidText: '调查链接不完整或已被修改。请从邮件中重新打开，并复制完整的地址。',
  expiredTitle: '此调查已过期',
  expiredText: '调查链接在工单解决后的一段时间内有效，此链接已过期。如果您仍需要帮助，请直接回复我们的邮件。',
  reopenedTitle: '此调查已关闭',
  reopenedText: '此调查发出后工单已被重新打开。工单再次解决后，我们会重新请您评分。',
  goneText: '此调查对应的工单已不存在。',
  refusedTitle: '未提交',
  refusedText: '此表单只能从其本身的页面提交。请从邮件中重新打开链接。',
  language: '语言',
};

export const csatCatalogs = { en, 'zh-CN': zhCN };

export type Translate = TranslateKey<CsatKey>;

export const translator = (locale: Locale): Translate => createTranslator(csatCatalogs, locale);
