import type { z } from 'zod';
import { ServiceError } from './errors.ts';

/** One refused field; `path` is dotted ("settings.imap.host", "tags.2"), "(root)" for the value as a whole. */
export interface InputIssue {
  path: string;
  message: string;
  code: string;
}

export const ROOT_PATH = '(root)';

export function issuesOf(error: z.ZodError): InputIssue[] {
  return error.issues.flatMap((i): InputIssue[] => {
    const at = i.path.map(String);
    // An unknown field is named by its own path, so a client can point at it like any other refused field.
    if (i.code === 'unrecognized_keys')
      return i.keys.map((key) => ({ path: [...at, key].join('.'), message: `Unknown field "${key}"`, code: i.code }));
    return [{ path: at.join('.') || ROOT_PATH, message: i.message, code: i.code }];
  });
}

/**
 * The one validation refusal, wherever the input came from: "Invalid <where>: <path>: <message>" naming the
 * first bad field (no path when the value as a whole is wrong), every issue in `details`.
 */
export function invalidInput(where: string, problems: z.ZodError | InputIssue[]): ServiceError {
  const issues = Array.isArray(problems) ? problems : issuesOf(problems);
  const first = issues[0];
  const message = !first
    ? `Invalid ${where}`
    : first.path === ROOT_PATH
      ? `Invalid ${where}: ${first.message}`
      : `Invalid ${where}: ${first.path}: ${first.message}`;
  return new ServiceError('VALIDATION', message, issues);
}
