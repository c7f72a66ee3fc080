import type { z } from 'zod';
import { invalid } from '../errors.ts';
import { makeStorable } from '../security/storable-text.ts';

/** Zod issues as `{ path, message, code }`, the same shape the HTTP layer reports. */
export function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/**
 * Verbs are called from routes, sockets and workers; each parses its own input so no caller can skip validation.
 * A failure is a VALIDATION error whose message names the first bad field.
 */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown, what = 'input'): z.output<T> {
  // HTTP refuses unstorable text up front (refuse-unstorable.ts); from sockets, bots and survey pages it is cleaned here.
  const result = schema.safeParse(makeStorable(raw));
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const first = issues[0];
  throw invalid(first ? `Invalid ${what}: ${first.path || '(root)'}: ${first.message}` : `Invalid ${what}`, issues);
}
