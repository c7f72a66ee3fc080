import type { ServiceErrorCode } from '$server/errors.ts';
import { ApiError } from './api.ts';
import { requiredFieldsText } from './custom-field-errors.ts';
import { currentLocale, t } from './i18n/index.svelte.ts';

/** The server's codes that have a name in the catalogs: a renamed code or a missing key fails the typecheck. */
const named = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GONE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const satisfies readonly ServiceErrorCode[];
const isNamed = (code: string): code is (typeof named)[number] => (named as readonly string[]).includes(code);

/**
 * What to tell the user about a failed call. The server explains in English and names the field; in other
 * languages the kind of failure comes first in the user's language, the server's detail after it.
 */
export function errorText(err: unknown): string {
  const code = err instanceof ApiError ? err.code : (err as { code?: string } | null)?.code;
  const message =
    err instanceof Error
      ? err.message
      : typeof (err as { message?: unknown })?.message === 'string'
        ? (err as { message: string }).message
        : String(err);
  if (code === 'NETWORK') return t('error.network');
  const fields = err instanceof ApiError ? requiredFieldsText(err.details) : null;
  if (fields) return fields;
  if (currentLocale() === 'en' || !code || !isNamed(code)) return message;
  return `${t(`error.code.${code}`)}（${message}）`;
}
