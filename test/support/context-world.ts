import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestContext, type TestContext } from './context.ts';
import { late } from './late.ts';

/** Settings; a function when they come from something the file starts first, in a beforeAll hook registered earlier. */
export type Env = Record<string, string> | (() => Record<string, string>);

export interface ContextWorldOptions {
  /** Empty the database before each test (default). False where the file's tests build on one another's data. */
  reset?: boolean;
}

/**
 * A service context on a fresh database for the whole file (beforeAll), emptied before each test and closed after
 * the file. `t` may be read in tests and in hooks registered after this call: `const { t } = contextWorld()`.
 */
export function contextWorld(env: Env = {}, opts: ContextWorldOptions = {}): { t: TestContext } {
  const t = late<TestContext>('contextWorld().t');
  beforeAll(async () => t.set(await createTestContext(typeof env === 'function' ? env() : env)), 180_000);
  if (opts.reset ?? true) beforeEach(() => t.value.reset());
  afterAll(async () => t.get()?.close());
  return { t: t.value };
}
