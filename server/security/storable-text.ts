/**
 * Text PostgreSQL cannot take: U+0000 in any text column (error 22021), and a lone UTF-16 surrogate half in
 * a jsonb value (22P02; audit data, outbox payloads, settings). Either would be a 500, or a mail or update
 * retried forever. HTTP callers are told (findUnstorable); text a customer sent by channel, where nobody
 * can be asked to fix it, is made storable (makeStorable): NULs dropped, lone halves become U+FFFD.
 */
import { invalidInput, ROOT_PATH } from '../invalid-input.ts';

// eslint-disable-next-line no-control-regex -- finding NUL, which PostgreSQL text cannot store, is the point
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const unstorableMessages = {
  nul: 'may not contain NUL characters (U+0000)',
  surrogate: 'is not well-formed Unicode (a lone surrogate half)',
  notUtf8: 'the body is not valid UTF-8 (send JSON encoded as UTF-8)',
} as const;

/** Nothing a client sends needs more; far deeper values overflow the stack (walks here, JSON.stringify for jsonb). */
export const MAX_NESTING = 64;
export const tooDeep = (where = 'input') =>
  invalidInput(where, [{ path: ROOT_PATH, message: `nested more than ${MAX_NESTING} levels deep`, code: 'too_deep' }]);

/** How deeply a JSON text nests arrays and objects, read without parsing it (no recursion, strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}

const problemOf = (s: string): string | null => {
  if (s.includes('\u0000')) return unstorableMessages.nul;
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? unstorableMessages.surrogate : null;
};
const storable = (s: string) => s.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');

/** The first string (or object key) that cannot be stored, with its path like "sender.displayName" or "tags.2". */
export function findUnstorable(value: unknown, path: string[] = []): { path: string; message: string } | null {
  if (path.length > MAX_NESTING) throw tooDeep();
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? { path: path.join('.') || ROOT_PATH, message } : null;
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
export function makeStorable<T>(value: T, depth = 0): T {
  if (depth > MAX_NESTING) throw tooDeep();
  if (typeof value === 'string') return (problemOf(value) ? storable(value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => makeStorable(v, depth + 1)) as T;
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), makeStorable(v, depth + 1)])) as T;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
