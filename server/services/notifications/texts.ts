import { createTranslator, defaultLocale, isLocale, type Catalogs } from '../../locale/index.ts';
import type { NotificationView } from './present.ts';

type Key =
  | 'mention'
  | 'assignment'
  | 'assignmentBySystem'
  | 'sla'
  | 'followMessage'
  | 'followStatus'
  | 'snooze'
  | 'webhook'
  | 'automation'
  | 'open'
  | StatusKey;
type StatusKey = 'status.new' | 'status.open' | 'status.pending' | 'status.resolved' | 'status.closed';

const catalogs: Catalogs<Key> = {
  en: {
    mention: '{actor} mentioned you on #{number}',
    assignment: '{actor} assigned #{number} to you',
    assignmentBySystem: '#{number} was assigned to you',
    sla: '#{number} missed its SLA target',
    followMessage: 'New customer message on #{number}',
    followStatus: '#{number} is now {status}',
    snooze: '#{number} is back from snooze',
    webhook: 'Webhook “{name}” was switched off after failing repeatedly',
    automation: 'Automation rule “{name}” was switched off after failing repeatedly',
    open: 'Open the ticket: {link}',
    'status.new': 'new',
    'status.open': 'open',
    'status.pending': 'pending',
    'status.resolved': 'resolved',
    'status.closed': 'closed',
  },
  'zh-CN': {
    mention: '{actor} 在 #{number} 中提到了你',
    assignment: '{actor} 将 #{number} 分配给了你',
    assignmentBySystem: '#{number} 已分配给你',
    sla: '#{number} 未达到 SLA 目标',
    followMessage: '#{number} 有新的客户消息',
    followStatus: '#{number} 的状态已变为“{status}”',
    snooze: '#{number} 的延后提醒已到期',
    webhook: 'Webhook“{name}”多次投递失败，已被停用',
    automation: '自动化规则“{name}”多次执行失败，已被停用',
    open: '打开工单：{link}',
    'status.new': '新建',
    'status.open': '处理中',
    'status.pending': '待处理',
    'status.resolved': '已解决',
    'status.closed': '已关闭',
  },
};

export interface NotificationText {
  title: string;
  /** The ticket's subject, then the note's excerpt when there is one. */
  body: string;
}

/** What an email or a web push says about a notification, in the recipient's language. */
export function notificationText(n: NotificationView, locale: string): NotificationText {
  const t = createTranslator(catalogs, isLocale(locale) ? locale : defaultLocale);
  const number = n.ticketNumber ?? '';
  const actor = n.actorName ?? '';
  const status = typeof n.data.to === 'string' ? n.data.to : '';
  const title =
    n.kind === 'mention'
      ? t('mention', { actor, number })
      : n.kind === 'assignment'
        ? t(actor ? 'assignment' : 'assignmentBySystem', { actor, number })
        : n.kind === 'sla'
          ? t('sla', { number })
          : n.kind === 'snooze'
            ? t('snooze', { number })
            : n.kind === 'webhook'
              ? t('webhook', { name: typeof n.data.name === 'string' ? n.data.name : '' })
              : n.kind === 'automation'
                ? t('automation', { name: typeof n.data.name === 'string' ? n.data.name : '' })
                : n.data.event === 'status'
                  ? t('followStatus', { number, status: isStatus(status) ? t(`status.${status}`) : status })
                  : t('followMessage', { number });
  const excerpt = typeof n.data.excerpt === 'string' ? n.data.excerpt : typeof n.data.reason === 'string' ? n.data.reason : '';
  return { title, body: [n.ticketSubject ?? '', excerpt].filter(Boolean).join('\n\n') };
}

export const openLinkText = (locale: string, link: string) =>
  createTranslator(catalogs, isLocale(locale) ? locale : defaultLocale)('open', { link });

const isStatus = (s: string): s is 'new' | 'open' | 'pending' | 'resolved' | 'closed' =>
  ['new', 'open', 'pending', 'resolved', 'closed'].includes(s);
