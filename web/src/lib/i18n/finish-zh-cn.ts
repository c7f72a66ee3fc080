import type { Catalog } from '../../../../server/locale/index.ts';
import type { finishEn } from './finish-en.ts';

export const finishZhCN: Catalog<keyof typeof finishEn> = {
  'thread.resolved': '{name} 已将工单标记为已解决',
  'thread.closed': '{name} 关闭了工单',
  'thread.closedAuto': '工单已自动关闭',
  'thread.reopened': '{name} 重新打开了工单',
  'thread.reopenedByReply': '{name} 再次来信，工单已重新打开',
  'thread.rated': '{name} 对本次服务作出评价',
  'thread.reason': '原因：{reason}',
  'ticket.noSubject': '（无主题）',
  'inbox.firstRunWidget': '网站在线聊天',
  'nav.menu': '菜单',
  'a11y.skipToContent': '跳到主要内容',
};
