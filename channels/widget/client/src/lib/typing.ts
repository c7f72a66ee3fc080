export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Turns keystrokes into throttled typing signals: "start" at most once per `repeatMs` while typing goes on
 * (the agent side forgets a typist after a few seconds), "stop" after `idleMs` without a key or on send.
 */
export class TypingSignal {
  private lastStart = -Infinity;
  private idle: unknown = null;

  constructor(
    private readonly send: (state: 'start' | 'stop') => void,
    private readonly opts: { repeatMs: number; idleMs: number } = { repeatMs: 3_000, idleMs: 4_000 },
    private readonly timers: Timers = realTimers,
  ) {}

  keystroke(): void {
    const now = this.timers.now();
    if (now - this.lastStart >= this.opts.repeatMs) {
      this.lastStart = now;
      this.send('start');
    }
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = this.timers.setTimeout(() => this.stop(), this.opts.idleMs);
  }

  /** Sends "stop" if a "start" is outstanding. */
  stop(): void {
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = null;
    if (this.lastStart === -Infinity) return;
    this.lastStart = -Infinity;
    this.send('stop');
  }
}
