import type { FieldDef, FieldEntity } from '$lib/stores/custom-fields.svelte.ts';

/** The Settings form's state: labels and options flat, so inputs bind to them. */
export interface FieldDraft {
  entity: FieldEntity;
  key: string;
  type: FieldDef['type'];
  labelEn: string;
  labelZh: string;
  helpEn: string;
  helpZh: string;
  options: { value: string; en: string; zh: string }[];
  requiredToResolve: boolean;
  customerVisible: boolean;
  agentEditable: boolean;
}

export const emptyDraft = (entity: FieldEntity): FieldDraft => ({
  entity,
  key: '',
  type: 'text',
  labelEn: '',
  labelZh: '',
  helpEn: '',
  helpZh: '',
  options: [],
  requiredToResolve: false,
  customerVisible: false,
  agentEditable: true,
});

export const draftOf = (f: FieldDef): FieldDraft => ({
  entity: f.entity,
  key: f.key,
  type: f.type,
  labelEn: f.labels.en,
  labelZh: f.labels['zh-CN'] ?? '',
  helpEn: f.help.en ?? '',
  helpZh: f.help['zh-CN'] ?? '',
  options: f.options.map((o) => ({ value: o.value, en: o.labels.en, zh: o.labels['zh-CN'] ?? '' })),
  requiredToResolve: f.requiredToResolve,
  customerVisible: f.customerVisible,
  agentEditable: f.agentEditable,
});

/** A key from an English label ("Contract tier" → contract_tier), offered while the key is empty. */
export const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 50);

/** The body of POST/PATCH /custom-fields; an option without a value takes its key from its English label. */
export function bodyOf(d: FieldDraft) {
  const withOptions = d.type === 'select' || d.type === 'multi_select';
  return {
    type: d.type,
    labels: { en: d.labelEn, 'zh-CN': d.labelZh || undefined },
    help: { en: d.helpEn || undefined, 'zh-CN': d.helpZh || undefined },
    options: withOptions
      ? d.options.map((o) => ({ value: o.value.trim() || keyFrom(o.en) || o.en, labels: { en: o.en, 'zh-CN': o.zh || undefined } }))
      : [],
    requiredToResolve: d.entity === 'ticket' && d.requiredToResolve,
    customerVisible: d.customerVisible,
    agentEditable: d.agentEditable,
  };
}
