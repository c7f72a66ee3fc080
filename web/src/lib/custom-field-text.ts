import { currentLocale } from './i18n/index.svelte.ts';
import type { FieldDef } from './stores/custom-fields.svelte.ts';

type Labels = { en: string; 'zh-CN'?: string };

/** A label in the user's language, English when the Chinese one was left empty. */
export const localLabel = (labels: Labels): string => (currentLocale() === 'zh-CN' && labels['zh-CN']) || labels.en;

export const fieldLabel = (f: Pick<FieldDef, 'labels'>) => localLabel(f.labels);

export function fieldHelp(f: Pick<FieldDef, 'help'>): string {
  return (currentLocale() === 'zh-CN' && f.help['zh-CN']) || f.help.en || '';
}

/** A stored value as a person reads it: option labels instead of option values, lists joined. */
export function fieldValueText(f: Pick<FieldDef, 'options' | 'type'>, v: unknown, yes: string, no: string): string {
  if (v === undefined || v === null || v === '') return '';
  const option = (x: unknown) => {
    const o = f.options.find((opt) => opt.value === x);
    return o ? localLabel(o.labels) : String(x);
  };
  if (Array.isArray(v)) return v.map(option).join(', ');
  if (f.type === 'select') return option(v);
  if (typeof v === 'boolean') return v ? yes : no;
  return String(v);
}
