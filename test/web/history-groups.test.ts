import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../server/locale/index.ts';
import { groupHistory } from '../../web/src/lib/history-groups.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';

let seq = 0;
const event = (kind: string, actorType = 'customer', actorId: string | null = 'c1') => ({
  id: `e${++seq}`,
  kind,
  actorType,
  actorId,
  createdAt: new Date(Date.UTC(2026, 0, 1, 9, seq)).toISOString(),
});

describe('grouped ticket history', () => {
  it('folds consecutive customer messages into one row and keeps the other events apart', () => {
    const events = [
      event('created'),
      ...Array.from({ length: 5 }, () => event('message_received')),
      event('replied', 'user', 'u1'),
      event('replied', 'user', 'u1'),
      event('replied', 'user', 'u2'),
      event('status_changed', 'user', 'u1'),
      event('status_changed', 'user', 'u1'),
      event('message_received'),
    ];
    const rows = groupHistory(events);
    expect(rows.map((r) => [r.first.kind, r.count])).toEqual([
      ['created', 1],
      ['message_received', 5],
      ['replied', 2],
      ['replied', 1],
      ['status_changed', 1],
      ['status_changed', 1],
      ['message_received', 1],
    ]);
    expect(rows[1]!.first).toBe(events[1]);
    expect(rows[1]!.last).toBe(events[5]);
  });

  it('says "Customer wrote 5 messages" in English and Chinese', () => {
    const enT = createTranslator({ en, 'zh-CN': zhCN }, 'en');
    const zhT = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
    expect(enT('history.message_received_many', { count: 5 })).toBe('Customer wrote 5 messages');
    expect(zhT('history.message_received_many', { count: 5 })).toBe('客户发来 5 条消息');
    expect(enT('history.note_added_many', { count: 2 })).toBe('Added 2 internal notes');
  });
});
