import { describe, expect, it } from 'vitest';
import {
  newClientId,
  Outbox,
  outboxKey,
  type PendingMessage,
  type StorageLike,
} from '../../../../channels/widget/client/src/lib/outbox.ts';

class MapStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const pending = (clientId: string, text: string): PendingMessage => ({
  clientId,
  text,
  attachments: [],
  createdAt: new Date().toISOString(),
});

describe('the outbox of unacknowledged widget messages', () => {
  it('keeps messages in the order written until each is acked, across a reload (a new Outbox on the same storage)', () => {
    const storage = new MapStorage();
    const tab = new Outbox(storage, 'inbox-1');
    tab.add(pending('a', 'first'));
    tab.add(pending('b', 'second'));
    tab.add(pending('c', 'third'));
    const afterReload = new Outbox(storage, 'inbox-1');
    expect(afterReload.list().map((m) => m.text)).toEqual(['first', 'second', 'third']);
    afterReload.remove('b');
    expect(new Outbox(storage, 'inbox-1').list().map((m) => m.clientId)).toEqual(['a', 'c']);
    afterReload.remove('a');
    afterReload.remove('c');
    expect(storage.data.has(outboxKey('inbox-1'))).toBe(false);
  });

  it('adding the same clientId twice keeps one copy; another inbox on the same site has its own outbox', () => {
    const storage = new MapStorage();
    const one = new Outbox(storage, 'inbox-1');
    one.add(pending('a', 'hello'));
    one.add(pending('a', 'hello'));
    new Outbox(storage, 'inbox-2').add(pending('z', 'other inbox'));
    expect(one.list()).toHaveLength(1);
    expect(new Outbox(storage, 'inbox-2').list().map((m) => m.text)).toEqual(['other inbox']);
  });

  it('sees what another tab queued (every read goes to storage)', () => {
    const storage = new MapStorage();
    const tabA = new Outbox(storage, 'inbox-1');
    const tabB = new Outbox(storage, 'inbox-1');
    tabA.add(pending('a', 'from tab A'));
    tabB.add(pending('b', 'from tab B'));
    expect(tabA.list().map((m) => m.text)).toEqual(['from tab A', 'from tab B']);
  });

  it('survives garbage in storage and keeps working in memory when storage is blocked or full', () => {
    const storage = new MapStorage();
    storage.setItem(outboxKey('inbox-1'), '{not json');
    expect(new Outbox(storage, 'inbox-1').list()).toEqual([]);
    storage.setItem(outboxKey('inbox-1'), JSON.stringify([{ clientId: 'x' }, pending('ok', 'valid')]));
    expect(new Outbox(storage, 'inbox-1').list().map((m) => m.clientId)).toEqual(['ok']);

    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => undefined,
    };
    for (const s of [throwing, null]) {
      const box = new Outbox(s, 'inbox-1');
      box.add(pending('a', 'kept in memory'));
      expect(box.list().map((m) => m.text)).toEqual(['kept in memory']);
      box.remove('a');
      expect(box.list()).toEqual([]);
    }
    const box = new Outbox(full, 'inbox-1');
    expect(() => box.add(pending('a', 'quota'))).not.toThrow();
  });

  it('makes version-4 UUIDs without crypto.randomUUID (plain-http host pages have none)', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newClientId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId((b) => b.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
