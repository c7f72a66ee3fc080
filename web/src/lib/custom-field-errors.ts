import { localLabel } from './custom-field-text.ts';
import { t } from './i18n/index.svelte.ts';

type Detail = { code?: unknown; action?: unknown; labels?: { en: string; 'zh-CN'?: string } };

/**
 * The server's refusal to resolve or close while required fields are empty, in the user's language with the
 * fields' own labels ("Fill in “Product” before closing"); null for any other error.
 */
export function requiredFieldsText(details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  const missing = (details as Detail[]).filter((d) => d?.code === 'required_to_resolve' && d.labels);
  if (!missing.length) return null;
  return t(missing[0]!.action === 'close' ? 'fields.requiredMissingClose' : 'fields.requiredMissing', {
    names: missing.map((d) => `“${localLabel(d.labels!)}”`).join(', '),
  });
}
