import { createTranslator, pickLocale, type Catalog, type Translate } from '../../server/locale/index.ts';

/** What the bot says around a rating, in the customer's Telegram language. */
const en = {
  thanks: 'Thank you for your feedback!',
  rated: 'Your rating: {rating}/5 {face}. Thank you!',
  askComment: 'Anything you would like to add? Reply to this message (optional).',
  commentPlaceholder: 'Your comment',
  commentThanks: 'Thank you, we have passed your comment on.',
  closed: 'This survey has closed.',
  alreadyRated: 'You already rated this: {rating}/5',
  alreadyRatedNoRating: 'You already rated this.',
  notYours: 'This survey was sent to someone else.',
  invalid: 'This survey button is not valid.',
} as const;
export type CsatTextKey = keyof typeof en;

const zhCN: Catalog<CsatTextKey> = {
  thanks: '感谢您的反馈！',
  rated: '您的评分：{rating}/5 {face}。谢谢！',
  askComment: '还有什么想告诉我们的吗？请回复此消息（可选）。',
  commentPlaceholder: '您的意见',
  commentThanks: '谢谢，我们已转达您的意见。',
  closed: '此调查已关闭。',
  alreadyRated: '您已经评过分了：{rating}/5',
  alreadyRatedNoRating: '您已经评过分了。',
  notYours: '此调查是发给其他人的。',
  invalid: '此评分按钮无效。',
};

export const csatCatalogs = { en, 'zh-CN': zhCN };

/** Telegram tells the user's app language (`from.language_code`, e.g. "zh-hans"); English when it is another. */
export const csatText = (languageCode: string | undefined): Translate<CsatTextKey> =>
  createTranslator(csatCatalogs, pickLocale([languageCode]));
