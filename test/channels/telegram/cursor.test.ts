import { describe, expect, it } from 'vitest';
import { isHandled, markHandled, readCursor } from '../../../channels/telegram/cursor.ts';
import { contextWorld } from '../../support/context-world.ts';

const { t } = contextWorld();

describe('the Telegram update cursor', () => {
  it('starts at 0 and moves one past the highest handled update, remembering each id once', async () => {
    expect(await readCursor(t.ctx, '42')).toEqual({ offset: 0, recent: [] });
    await markHandled(t.ctx, '42', 10);
    await markHandled(t.ctx, '42', 12);
    await markHandled(t.ctx, '42', 11);
    await markHandled(t.ctx, '42', 12);
    const cursor = await readCursor(t.ctx, '42');
    expect(cursor).toEqual({ offset: 13, recent: [10, 12, 11] });
    expect([10, 11, 12, 13].map((id) => isHandled(cursor, id))).toEqual([true, true, true, false]);
    expect(await readCursor(t.ctx, '43')).toEqual({ offset: 0, recent: [] });
  });

  it('keeps the last 200 ids and treats anything older as handled', async () => {
    for (let id = 1; id <= 250; id++) await markHandled(t.ctx, '42', id);
    const cursor = await readCursor(t.ctx, '42');
    expect(cursor.offset).toBe(251);
    expect(cursor.recent).toHaveLength(200);
    expect(cursor.recent[0]).toBe(51);
    expect(cursor.recent.at(-1)).toBe(250);
    expect(isHandled(cursor, 7)).toBe(true);
    expect(isHandled(cursor, 251)).toBe(false);
  });

  it('counts racing marks from several nodes without losing one', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => markHandled(t.ctx, '42', 100 + i)));
    const cursor = await readCursor(t.ctx, '42');
    expect(cursor.offset).toBe(120);
    expect([...cursor.recent].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });
});
