import { describe, expect, it } from 'vitest';
import type { StorageLike } from '../../../../channels/widget/client/src/lib/outbox.ts';
import {
  searchLater,
  searchQuery,
  segments,
  VISITOR_KEY_STORAGE_KEY,
  visitorKey,
} from '../../../../channels/widget/client/src/lib/self-service.ts';
import type { Timers } from '../../../../channels/widget/client/src/lib/typing.ts';

describe('when the widget searches the help articles', () => {
  it('waits for three characters of Latin text, two of Chinese', () => {
    expect(searchQuery('')).toBeNull();
    expect(searchQuery('  lo  ')).toBeNull();
    expect(searchQuery('log')).toBe('log');
    expect(searchQuery('  login page keeps coming back ')).toBe('login page keeps coming back');
    expect(searchQuery('登')).toBeNull();
    expect(searchQuery('登录')).toBe('登录');
    expect(searchQuery(' 4.2 登录 ')).toBe('4.2 登录');
    expect(searchQuery('ログ')).toBe('ログ');
    // Two emoji are four UTF-16 units but two characters: not enough.
    expect(searchQuery('😀😀')).toBeNull();
  });

  it('sends at most 500 characters, what the public search accepts', () => {
    expect(searchQuery('x'.repeat(2_000))).toHaveLength(500);
  });
});

describe('highlighted titles', () => {
  it('cuts the text into plain and matched pieces in order', () => {
    expect(
      segments({
        text: 'Login page keeps coming back',
        ranges: [
          [11, 16],
          [0, 5],
        ],
      }),
    ).toEqual([
      ['Login', true],
      [' page ', false],
      ['keeps', true],
      [' coming back', false],
    ]);
    expect(segments({ text: '更新到 4.2 后登录页面反复出现', ranges: [[9, 13]] })).toEqual([
      ['更新到 4.2 后', false],
      ['登录页面', true],
      ['反复出现', false],
    ]);
  });

  it('shows the text whole when nothing matched, and ignores overlapping, empty or out-of-range ranges', () => {
    expect(segments({ text: 'Invoices', ranges: [] })).toEqual([['Invoices', false]]);
    expect(
      segments({
        text: 'abcdef',
        ranges: [
          [0, 3],
          [2, 4],
          [4, 4],
          [5, 99],
        ],
      }),
    ).toEqual([
      ['abc', true],
      ['def', false],
    ]);
    expect(segments({ text: '', ranges: [] })).toEqual([]);
  });

  it('keeps markup in article text as text (the widget renders pieces as text nodes)', () => {
    expect(segments({ text: '<img src=x onerror=alert(1)> login', ranges: [[29, 34]] })).toEqual([
      ['<img src=x onerror=alert(1)> ', false],
      ['login', true],
    ]);
  });
});

function memoryStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('who said "this solved it"', () => {
  const visitor = '6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a90';
  const token = `v1.0b6e6f0e-2f61-4d7a-9d4e-3c1f5a7b9e21.${visitor}.c2lnbmF0dXJl`;

  it('is the visitor id from the widget token when the customer has one', () => {
    const storage = memoryStorage();
    expect(visitorKey(token, storage, () => 'never-used')).toBe(visitor);
    expect(storage.map.size).toBe(0);
  });

  it('is a random key kept in the browser before the first conversation, the same on every click', () => {
    const storage = memoryStorage();
    let n = 0;
    const fresh = () => `random-key-${++n}`;
    expect(visitorKey(null, storage, fresh)).toBe('random-key-1');
    expect(visitorKey(null, storage, fresh)).toBe('random-key-1');
    expect(storage.map.get(VISITOR_KEY_STORAGE_KEY)).toBe('random-key-1');
    // A malformed token or a tampered stored key is not used.
    expect(visitorKey('garbage', storage, fresh)).toBe('random-key-1');
    storage.map.set(VISITOR_KEY_STORAGE_KEY, 'short');
    expect(visitorKey(null, storage, fresh)).toBe('random-key-2');
  });

  it('still works where the page blocks storage', () => {
    expect(visitorKey(null, null, () => 'in-memory-key')).toBe('in-memory-key');
  });
});

function manualTimers() {
  let timers: Array<{ fn: () => void; id: number }> = [];
  let seq = 0;
  const t: Timers & { fire(): void; pending(): number } = {
    now: () => 0,
    setTimeout: (fn) => (timers.push({ fn, id: ++seq }), seq),
    clearTimeout: (id) => void (timers = timers.filter((x) => x.id !== id)),
    fire() {
      const due = timers;
      timers = [];
      for (const x of due) x.fn();
    },
    pending: () => timers.length,
  };
  return t;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('searching while the customer types', () => {
  it('asks only after the pause, and not at all when the text changed before', async () => {
    const timers = manualTimers();
    const asked: string[] = [];
    const search = async (q: string) => (asked.push(q), [q]);
    const cancel = searchLater('log', 300, search, () => undefined, timers);
    cancel();
    expect(timers.pending()).toBe(0);
    const shown: Array<string[] | null> = [];
    searchLater('login', 300, search, (r) => shown.push(r), timers);
    expect(asked).toEqual([]);
    timers.fire();
    await flush();
    expect(asked).toEqual(['login']);
    expect(shown).toEqual([['login']]);
  });

  it('drops a slow answer to older text, and aborts its request', async () => {
    const timers = manualTimers();
    const answers = new Map<string, ReturnType<typeof deferred<string[]>>>();
    const signals = new Map<string, AbortSignal>();
    const search = (q: string, signal: AbortSignal) => {
      signals.set(q, signal);
      answers.set(q, deferred<string[]>());
      return answers.get(q)!.promise;
    };
    const shown: Array<string[] | null> = [];
    const cancelOld = searchLater('login', 300, search, (r) => shown.push(r), timers);
    timers.fire();
    cancelOld();
    expect(signals.get('login')!.aborted).toBe(true);
    searchLater('login page', 300, search, (r) => shown.push(r), timers);
    timers.fire();
    answers.get('login page')!.resolve(['new']);
    answers.get('login')!.resolve(['old']);
    await flush();
    expect(shown).toEqual([['new']]);
  });

  it('shows nothing (null) when the search fails, and nothing at all when it failed after being cancelled', async () => {
    const timers = manualTimers();
    const shown: Array<string[] | null> = [];
    searchLater(
      'login',
      300,
      () => Promise.reject(new Error('503 UNAVAILABLE')),
      (r) => shown.push(r),
      timers,
    );
    timers.fire();
    await flush();
    expect(shown).toEqual([null]);
    const later = deferred<string[]>();
    const cancel = searchLater(
      'login',
      300,
      () => later.promise,
      (r) => shown.push(r),
      timers,
    );
    timers.fire();
    cancel();
    later.reject(new Error('aborted'));
    await flush();
    expect(shown).toEqual([null]);
  });
});
