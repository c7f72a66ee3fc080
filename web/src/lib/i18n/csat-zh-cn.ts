import type { Catalog } from '../../../../server/locale/index.ts';
import type { csatEn } from './csat-en.ts';

export const csatZhCN: Catalog<keyof typeof csatEn> = {
  'csat.title': '满意度',
  'csat.outOf': '{rating} 分（满分 5 分）',
  'csat.none': '尚未评分。',
  'csat.forResolution': '针对 {time} 的解决',
  'csat.via': '来自{channel}',
  'csat.customerAverage': '{count} 次评分，平均 {average}/5',
  'csat.customerOne': '评分一次：{average}/5',
  'csat.customerNone': '尚无评分。',
  'csat.mine': '我的满意度',
  'csat.mineHint': '客户评分时由您负责的工单的评分。',
  'csat.mineNone': '尚无评分。',
  'csat.mineAverage': '{average}/5',
  'csat.mineCount': '共 {count} 次评分',
  'csat.mailSetting': '工单解决后发送满意度调查邮件',
  'csat.widgetSetting': '会话解决后请访客评分',
  'history.csat_rated_comment': '客户评分 {to}/5：“{comment}”',
  'error.code.GONE': '已不再可用',
};
