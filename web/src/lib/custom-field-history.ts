import { fieldLabel, fieldValueText } from './custom-field-text.ts';
import { t } from './i18n/index.svelte.ts';
import { customFieldDefs } from './stores/custom-fields.svelte.ts';

/** A 'fields_changed' history row in words: "Fields: Product → Router; Seats cleared". */
export function fieldsChangedText(data: Record<string, unknown>): string {
  const changes = Array.isArray(data.changes) ? (data.changes as { key?: unknown; to?: unknown }[]) : [];
  const parts = changes.map((c) => {
    const key = String(c.key ?? '');
    const def = customFieldDefs.all.find((f) => f.entity === 'ticket' && f.key === key);
    const label = def ? fieldLabel(def) : key;
    const to = def ? fieldValueText(def, c.to, t('fields.yes'), t('fields.no')) : c.to == null ? '' : String(c.to);
    return to ? t('fields.changedTo', { label, value: to }) : t('fields.cleared', { label });
  });
  return t('fields.history', { changes: parts.join('; ') });
}
