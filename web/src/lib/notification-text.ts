import type { NotificationView } from '$realtime/events';
import { t } from './i18n/index.svelte.ts';

const statuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
type Status = (typeof statuses)[number];
const isStatus = (s: unknown): s is Status => statuses.includes(s as Status);

/** One line for a notification in the bell, in the console's language. */
export function notificationText(n: NotificationView): string {
  const number = n.ticketNumber ?? '';
  const actor = n.actorName ?? '';
  switch (n.kind) {
    case 'mention':
      return t('notifications.mention', { actor, number });
    case 'assignment':
      return actor ? t('notifications.assignment', { actor, number }) : t('notifications.assignmentBySystem', { number });
    case 'sla':
      return t('notifications.sla', { number });
    case 'snooze':
      return t('notifications.snooze', { number });
    case 'automation':
      return t('automation.notificationDisabled', { name: typeof n.data.name === 'string' ? n.data.name : '' });
    case 'webhook':
      return t('webhooks.notificationDisabled', { name: typeof n.data.name === 'string' ? n.data.name : '' });
    case 'follow':
      return n.data.event === 'status'
        ? t('notifications.followStatus', { number, status: isStatus(n.data.to) ? t(`status.${n.data.to}`) : String(n.data.to ?? '') })
        : t('notifications.followMessage', { number });
  }
}
