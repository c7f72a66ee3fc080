import { beforeAll } from 'vitest';
import type { TestContext } from './context.ts';
import { contextWorld, type ContextWorldOptions, type Env } from './context-world.ts';
import { buildApp, testApp, type TestApp } from './http.ts';
import { late } from './late.ts';

/**
 * contextWorld() plus the HTTP app on that context, for `app.request()` tests (no port, no server):
 * `const { t, app } = routeWorld({ MAX_BODY_BYTES: '4096' })`.
 */
export function routeWorld(env: Env = {}, opts: ContextWorldOptions = {}): { t: TestContext; app: TestApp } {
  const { t } = contextWorld(env, opts);
  const app = late<TestApp>('routeWorld().app');
  beforeAll(() => app.set(testApp(buildApp(t.ctx))));
  return { t, app: app.value };
}
