/**
 * Text PostgreSQL cannot take: U+0000 in any text column (error 22021), and a lone UTF-16 surrogate half in
 * a jsonb value (22P02; audit data, outbox payloads, settings). Either would be a 500, or a mail or update
 * retried forever. HTTP callers are told (findUnstorable); text a customer sent by channel, where nobody
 * can be asked to fix it, is made storable (makeStorable): NULs dropped, lone halves become U+FFFD.
 */
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const unstorableMessages = {
  nul: 'may not contain NUL characters (U+0000)',
  surrogate: 'is not well-formed Unicode (a lone surrogate half)',
} as const;

const problemOf = (s: string): string | null => {
  if (s.includes('\u0000')) return unstorableMessages.nul;
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? unstorableMessages.surrogate : null;
};
const storable = (s: string) => s.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');

/** The first string (or object key) that cannot be stored, with its path like "sender.displayName" or "tags.2". */
export function findUnstorable(value: unknown, path: string[] = []): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? { path: path.join('.') || '(root)', message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const message = problemOf(key);
      if (message) return { path: [...path, storable(key)].join('.'), message };
      const found = findUnstorable(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** A copy in which every string and key is storable; Buffers, Dates and other objects are kept as they are. */
export function makeStorable<T>(value: T): T {
  if (typeof value === 'string') return (problemOf(value) ? storable(value) : value) as T;
  if (Array.isArray(value)) return value.map(makeStorable) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), makeStorable(v)])) as T;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
