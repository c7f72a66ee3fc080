import { beforeEach } from 'vitest';
import { serverWorld } from '../../support/server-world.ts';

type Closable = { socket: { close(): void } };

/**
 * The real server for a file of widget tests, fast outbox (50 ms). Before each test the sockets the last one
 * connected (`track()`ed, or pushed onto `open`) are closed, then the database is emptied.
 */
export function widgetWorld() {
  const { server } = serverWorld({ OUTBOX_POLL_MS: '50' });
  const open: Closable[] = [];
  beforeEach(async () => {
    for (const w of open.splice(0)) w.socket.close();
    await server.reset();
  });
  /** Remembers a connected visitor so the next test starts without it. */
  const track = <T extends Closable>(w: T) => (open.push(w), w);
  return { server, track, open };
}
