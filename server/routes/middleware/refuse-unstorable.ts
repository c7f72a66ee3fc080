import { createMiddleware } from 'hono/factory';
import { invalidInput, ROOT_PATH } from '../../invalid-input.ts';
import { findUnstorable, jsonDepth, MAX_NESTING, tooDeep, unstorableMessages } from '../../security/storable-text.ts';

const refuse = (where: string, path: string, message: string) => invalidInput(where, [{ path, message, code: 'unstorable_text' }]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: ArrayBuffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Text PostgreSQL cannot store (a NUL anywhere, a lone surrogate in JSON) is refused with a 400 naming the
 * field, and so are a JSON body that is not UTF-8 and JSON nested past MAX_NESTING, before any route runs.
 * Mounted after the body limit, so only bounded bodies are read.
 */
export const refuseUnstorable = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  if (/%00/.test(url.pathname)) throw refuse('path', url.pathname.replace(/%00/g, '\\u0000'), unstorableMessages.nul);
  // Decoding turns bytes that are not UTF-8 into U+FFFD, so a query can only carry the NUL.
  for (const [key, value] of url.searchParams) {
    if (key.includes('\u0000') || value.includes('\u0000'))
      throw refuse('query', key.replaceAll('\u0000', '\\u0000'), unstorableMessages.nul);
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && /json/i.test(c.req.header('content-type') ?? '')) {
    // A clone: routes read the body themselves (some peek at it raw). Decoding is strict: a lenient one would
    // store U+FFFD in place of whatever the client meant, and nobody would be told.
    const bytes = await c.req.raw.clone().arrayBuffer();
    const text = decodeUtf8(bytes);
    if (text === null) throw refuse('json', ROOT_PATH, unstorableMessages.notUtf8);
    if (jsonDepth(text) > MAX_NESTING) throw tooDeep('json');
    if (/\\u(0000|d[89a-f])/i.test(text)) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return next(); // malformed JSON: the route's validator names that
      }
      const found = findUnstorable(body);
      if (found) throw refuse('json', found.path, found.message);
    }
  }
  await next();
});
