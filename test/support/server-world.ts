import { afterAll, beforeAll } from 'vitest';
import type { Env } from './context-world.ts';
import { late } from './late.ts';
import { startTestServer, type TestServer } from './server.ts';

/**
 * The real server (startTestServer) for the whole file: started in beforeAll, stopped in afterAll. It is not
 * emptied between tests: files that need it call `server.reset()` where it fits (after closing their sockets).
 * `server` may be read in tests and in hooks registered after this call: `const { server } = serverWorld()`.
 */
export function serverWorld(env: Env = {}): { server: TestServer } {
  const server = late<TestServer>('serverWorld().server');
  beforeAll(async () => server.set(await startTestServer(typeof env === 'function' ? env() : env)), 180_000);
  afterAll(async () => server.get()?.stop());
  return { server: server.value };
}
