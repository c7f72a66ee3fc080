/**
 * Telegram message ids are only unique within one chat of one bot, and one user has a separate private chat
 * with each bot, so every key Switchboard stores carries the bot id.
 */
export const threadKeyOf = (botId: string, chatId: number | string) => `${botId}:${chatId}`;

export const messageKeyOf = (botId: string, chatId: number | string, messageId: number) => `${botId}:${chatId}:${messageId}`;

/** An edit is a new version of a message: keyed by its edit time so each version is stored once. */
export const editKeyOf = (botId: string, chatId: number | string, messageId: number, editDate: number) =>
  `${messageKeyOf(botId, chatId, messageId)}:edit:${editDate}`;

export function parseThreadKey(key: string): { botId: string; chatId: number } | null {
  const m = /^(\d+):(-?\d+)$/.exec(key);
  return m ? { botId: m[1]!, chatId: Number(m[2]) } : null;
}

export function parseMessageKey(key: string): { botId: string; chatId: number; messageId: number } | null {
  const m = /^(\d+):(-?\d+):(\d+)$/.exec(key);
  return m ? { botId: m[1]!, chatId: Number(m[2]), messageId: Number(m[3]) } : null;
}
