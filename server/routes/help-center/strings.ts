import { createTranslator, type Catalog, type Locale, type Translate as TranslateKey } from '../../locale/index.ts';

/** The help center's own words (server-rendered pages), in every language the knowledge base is written in. */
const en = {
  title: 'Help center',
  searchLabel: 'Search the help center',
  searchPlaceholder: 'Describe your problem, e.g. “cannot log in”',
  searchButton: 'Search',
  categories: 'Topics',
  allArticles: 'All articles in this topic',
  otherArticles: 'More articles',
  noArticles: 'There are no articles in this language yet.',
  resultsFor: 'Results for “{q}”',
  resultsOther: 'Results in other languages',
  noResults: 'Nothing matched. Try other words, or contact us.',
  searchDown: 'Search is unavailable right now. Please try again in a moment.',
  emptyQuery: 'Type a few words to search.',
  knownIssue: 'Known issue',
  howTo: 'How-to',
  faq: 'FAQ',
  symptoms: 'Symptoms',
  affected: 'Affects',
  affectedVersions: 'versions {versions}',
  cause: 'Cause',
  workaround: 'Workaround',
  fixedIn: 'Fixed in version {version}',
  notFixed: 'Not fixed yet: we are working on it.',
  updated: 'Updated {date}',
  helpfulQuestion: 'Did this solve your problem?',
  helpfulYes: 'Yes, this solved it',
  helpfulThanks: 'Thank you! Glad it helped.',
  notFoundTitle: 'Page not found',
  notFoundText: 'This page does not exist or is no longer available.',
  backHome: 'Back to the help center',
  language: 'Language',
} as const;

export type HelpKey = keyof typeof en;

const zhCN: Catalog<HelpKey> = {
  title: '帮助中心',
  searchLabel: '搜索帮助中心',
  searchPlaceholder: '描述您的问题，例如“无法登录”',
  searchButton: '搜索',
  categories: '主题',
  allArticles: '查看此主题的全部文章',
  otherArticles: '更多文章',
  noArticles: '此语言暂无文章。',
  resultsFor: '“{q}”的搜索结果',
  resultsOther: '其他语言的结果',
  noResults: '没有找到匹配的内容。请换个说法，或联系我们。',
  searchDown: '搜索暂时不可用，请稍后再试。',
  emptyQuery: '请输入关键词进行搜索。',
  knownIssue: '已知问题',
  howTo: '操作指南',
  faq: '常见问题',
  symptoms: '症状',
  affected: '影响范围',
  affectedVersions: '版本 {versions}',
  cause: '原因',
  workaround: '临时解决办法',
  fixedIn: '已在 {version} 版本中修复',
  notFixed: '尚未修复，我们正在处理。',
  updated: '更新于 {date}',
  helpfulQuestion: '这解决了您的问题吗？',
  helpfulYes: '是的，问题已解决',
  helpfulThanks: '谢谢！很高兴能帮到您。',
  notFoundTitle: '页面不存在',
  notFoundText: '此页面不存在或已不再提供。',
  backHome: '返回帮助中心',
  language: '语言',
};

export const helpCatalogs = { en, 'zh-CN': zhCN };

export type Translate = TranslateKey<HelpKey>;

export const translator = (locale: Locale): Translate => createTranslator(helpCatalogs, locale);
