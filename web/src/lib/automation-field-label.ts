import { fixedFieldLabel } from './automation-labels.ts';
import { currentLocale, t } from './i18n/index.svelte.ts';
import type { CatalogField } from './types-automation.ts';

/** A condition field in words: the fixed ones from the catalog strings, the admin's fields by their own labels. */
export function fieldLabel(f: CatalogField): string {
  if (!f.custom) return fixedFieldLabel(f.field);
  const label = (currentLocale() === 'zh-CN' ? f.custom.labels['zh-CN'] : undefined) || f.custom.labels.en || f.custom.key;
  return t(f.custom.entity === 'ticket' ? 'automation.field.ticketField' : 'automation.field.customerField', { label });
}
