import type { Catalog } from '../../../../server/locale/index.ts';
import type { shellEn } from './shell-en.ts';

export const shellZhCN: Catalog<keyof typeof shellEn> = {
  'title.inboxUnread': '收件箱 ({number})',
  'title.ticket': '#{number} {subject}',
  'title.setup': '初始设置',
  'title.notFound': '页面不存在',
  'title.error': '出错了',
  'notFound.title': '页面不存在',
  'notFound.text': '{path} 没有内容，链接可能已过期或有误。',
  'notFound.home': '前往收件箱',
  'notFound.signIn': '前往登录',
  'error.page': '页面无法显示：{message}',
  'customer.visitor': '访客 {number}',
  'history.message_received_many': '客户发来 {count} 条消息',
  'history.replied_many': '回复了客户 {count} 次',
  'history.note_added_many': '添加了 {count} 条内部备注',
  'image.open': '查看图片 {name}',
  'image.viewer': '图片 {name}',
  'image.download': '下载',
  'time.underMinute': '不到 1 分钟',
};
