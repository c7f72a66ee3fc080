/**
 * At most one call per `intervalMs`: the first poke runs at once, pokes during the pause collapse into one
 * trailing run when it ends, so the last change is never lost. `cancel()` drops a pending run.
 */
export function throttle(fn: () => void, intervalMs: number): { poke(): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    poke() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
