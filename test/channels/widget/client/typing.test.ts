import { describe, expect, it } from 'vitest';
import { TypingSignal, type Timers } from '../../../../channels/widget/client/src/lib/typing.ts';

/** A hand-driven clock: the test decides when time passes. */
function manualTimers() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let seq = 0;
  const t: Timers & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: (fn, ms) => (timers.push({ at: now + ms, fn, id: ++seq }), seq),
    clearTimeout: (id) => void (timers = timers.filter((x) => x.id !== id)),
    advance(ms) {
      now += ms;
      for (const due of timers.filter((x) => x.at <= now)) {
        timers = timers.filter((x) => x !== due);
        due.fn();
      }
    },
  };
  return t;
}

describe("the customer's typing signal", () => {
  it('sends "start" once per interval while typing and "stop" after a pause', () => {
    const timers = manualTimers();
    const sent: string[] = [];
    const signal = new TypingSignal((s) => sent.push(s), { repeatMs: 3_000, idleMs: 4_000 }, timers);
    for (let i = 0; i < 10; i++) {
      signal.keystroke();
      timers.advance(500);
    }
    expect(sent).toEqual(['start', 'start']); // at 0 ms and again at 3000 ms, not 10 times
    timers.advance(4_000);
    expect(sent).toEqual(['start', 'start', 'stop']);
    timers.advance(10_000);
    expect(sent).toHaveLength(3);
  });

  it('stops at once on send and says nothing when nothing was typed', () => {
    const timers = manualTimers();
    const sent: string[] = [];
    const signal = new TypingSignal((s) => sent.push(s), undefined, timers);
    signal.stop();
    expect(sent).toEqual([]);
    signal.keystroke();
    signal.stop();
    timers.advance(10_000);
    expect(sent).toEqual(['start', 'stop']);
  });
});
