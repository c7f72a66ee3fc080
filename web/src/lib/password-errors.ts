import { ApiError } from './api.ts';
import { errorText } from './errors.ts';
import { t } from './i18n/index.svelte.ts';

/** A refused password says why in the user's language ("too common", "too easy to guess"); other errors as usual. */
export function passwordErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code === 'VALIDATION') {
    if (err.message.includes('is too common')) return t('accounts.tooCommon');
    if (err.message.includes('is too easy to guess')) return t('accounts.tooEasy');
  }
  return errorText(err);
}
