import type { z } from 'zod';
import { invalidInput } from '../invalid-input.ts';
import { makeStorable } from '../security/storable-text.ts';

/**
 * Verbs are called from routes, sockets and workers; each parses its own input so no caller can skip validation.
 * A failure is a VALIDATION error whose message names the first bad field.
 */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown, what = 'input'): z.output<T> {
  // HTTP refuses unstorable text up front (refuse-unstorable.ts); from sockets, bots and survey pages it is cleaned here.
  const result = schema.safeParse(makeStorable(raw));
  if (result.success) return result.data;
  throw invalidInput(what, result.error);
}
