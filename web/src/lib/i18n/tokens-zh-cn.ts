import type { Catalog } from '../../../../server/locale/index.ts';
import type { tokensEn } from './tokens-en.ts';

/** 个人资料 → API 令牌（issue 19）。 */
export const tokensZhCN: Catalog<keyof typeof tokensEn> = {
  'tokens.title': 'API 令牌',
  'tokens.intro': '令牌让脚本或集成以你的身份调用 Switchboard API（Authorization: Bearer sbt_…），只能做你授予的权限范围内的事。',
  'tokens.name': '名称',
  'tokens.expires': '有效期',
  'tokens.expiresIn': '{days} 天',
  'tokens.never': '永不过期',
  'tokens.scopes': '权限范围',
  'tokens.scope.read': '读取（GET）',
  'tokens.scope.write': '写入（你的角色允许的其他操作）',
  'tokens.scope.ingest': '接入消息（以渠道身份写入客户消息；仅管理员）',
  'tokens.scopeName.read': '读取',
  'tokens.scopeName.write': '写入',
  'tokens.scopeName.ingest': '接入消息',
  'tokens.create': '创建令牌',
  'tokens.none': '还没有 API 令牌。',
  'tokens.lastUsed': '最近使用：{when}',
  'tokens.neverUsed': '从未使用',
  'tokens.expiresAt': '到期：{when}',
  'tokens.revoke': '吊销 {name}',
  'tokens.revokeButton': '吊销',
  'tokens.confirmRevoke': '吊销令牌“{name}”？使用它的程序会立即失效。',
  'tokens.revoked': '令牌已吊销',
  'tokens.secretTitle': '令牌“{name}”',
  'tokens.secretOnce': '请立即复制：它只显示这一次。Switchboard 只保存它的哈希值。',
};
