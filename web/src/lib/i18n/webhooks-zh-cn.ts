import type { Catalog } from '../../../../server/locale/index.ts';
import type { webhooksEn } from './webhooks-en.ts';

export const webhooksZhCN: Catalog<keyof typeof webhooksEn> = {
  'webhooks.title': 'Webhook',
  'webhooks.intro': '工单事件发生时，Switchboard 会向你的 URL 发送带签名的 JSON 数据。投递失败会在至少 24 小时内重试。',
  'webhooks.notificationDisabled': 'Webhook“{name}”多次投递失败，已被停用',
};
