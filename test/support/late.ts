/**
 * A value a fixture makes in a beforeAll hook but hands out when the file is collected, before any hook ran: `value`
 * stands in for it and forwards every use to it once `set` was called, so a file can write
 * `const { server, desks } = browserWorld()` at the top and use `server` in its tests and later hooks. Using it
 * before the hook ran (at collection time, or in a hook registered before the fixture) throws, naming it.
 */
export function late<T extends object>(name: string): { value: T; set(value: T): void; get(): T | undefined } {
  let current: T | undefined;
  const target = (prop: PropertyKey): T => {
    if (current === undefined)
      throw new Error(`${name} is not there yet: it is made in a beforeAll hook; use it in a test or a later hook (read ${String(prop)})`);
    return current;
  };
  const value = new Proxy({} as T, {
    get(_, prop) {
      // Inspecting the stand-in (console.log, a test failure's diff) before it is set shows it as empty.
      if (current === undefined && typeof prop === 'symbol') return undefined;
      const real = target(prop);
      const v = Reflect.get(real, prop, real) as unknown;
      return typeof v === 'function' ? v.bind(real) : v;
    },
    set: (_, prop, v) => Reflect.set(target(prop), prop, v),
    has: (_, prop) => Reflect.has(target(prop), prop),
    ownKeys: () => Reflect.ownKeys(target('keys')),
    getOwnPropertyDescriptor(_, prop) {
      const d = Reflect.getOwnPropertyDescriptor(target(prop), prop);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target('prototype')),
  });
  return {
    value,
    set(v) {
      current = v;
    },
    get: () => current,
  };
}
