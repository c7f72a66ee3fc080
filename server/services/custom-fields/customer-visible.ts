import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customFields, type CustomFieldEntity, type CustomFieldType } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { translate, type Locale } from '../../locale/index.ts';
import type { InputIssue } from '../../invalid-input.ts';
import type { FieldRow } from './load-fields.ts';
import { checkValue, isEmptyValue } from './value-types.ts';

/** A field as a customer sees it (pre-chat form, web form): its label, help and options in one language. */
export interface CustomerField {
  entity: CustomFieldEntity;
  key: string;
  type: CustomFieldType;
  label: string;
  help: string | null;
  options: Array<{ value: string; label: string }>;
}

/** What a customer filled in, per entity; both checked against the customer-visible fields only. */
export interface CustomerFieldValues {
  ticketFields?: Record<string, unknown>;
  customerFields?: Record<string, unknown>;
}

/** The fields an admin switched "shown to the customer" on, not archived: customer fields first, each in its order. */
export function loadCustomerFields(db: DbOrTx): Promise<FieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(and(eq(customFields.customerVisible, true), isNull(customFields.archivedAt)))
    .orderBy(asc(customFields.entity), asc(customFields.position), asc(customFields.createdAt));
}

const pick = (l: { en?: string; 'zh-CN'?: string }, locale: Locale) => (locale === 'zh-CN' && l['zh-CN']) || l.en || '';

export function presentCustomerField(f: FieldRow, locale: Locale): CustomerField {
  return {
    entity: f.entity,
    key: f.key,
    type: f.type,
    label: pick(f.labels, locale),
    help: pick(f.help, locale) || null,
    options: f.options.map((o) => ({ value: o.value, label: pick(o.labels, locale) })),
  };
}

// The customer is told what to do, in their language; the conversion itself is the API's (checkValue).
const problems = {
  en: {
    text: 'too long',
    long_text: 'too long',
    number: 'enter a whole number',
    decimal: 'enter a number',
    date: 'enter a date as YYYY-MM-DD',
    select: 'choose one of the options',
    multi_select: 'choose from the options',
    checkbox: 'tick the box or leave it empty',
    url: 'enter a web address starting with http:// or https://',
    unknown: 'this field cannot be filled in here',
    summary: 'Please check: {fields}',
  },
  'zh-CN': {
    text: '内容过长',
    long_text: '内容过长',
    number: '请输入整数',
    decimal: '请输入数字',
    date: '请按 YYYY-MM-DD 格式输入日期',
    select: '请从选项中选择一项',
    multi_select: '请从选项中选择',
    checkbox: '请勾选或留空',
    url: '请输入以 http:// 或 https:// 开头的网址',
    unknown: '此处不能填写该字段',
    summary: '请检查：{fields}',
  },
};

const valuesKey = { ticket: 'ticketFields', customer: 'customerFields' } as const;

/**
 * Checks a customer's answers against the customer-visible fields with the API's conversion, returning the values
 * as stored (empty answers dropped: a customer leaves a field blank, never clears an agent's value). A key that is
 * not customer-visible (agent-only, archived, unknown) is refused like a bad value. A refusal lists each field in
 * `details` as `ticketFields.<key>` / `customerFields.<key>`, with the label and a message in the customer's language.
 */
export function checkCustomerValues(defs: FieldRow[], input: CustomerFieldValues, locale: Locale): Required<CustomerFieldValues> {
  const t = (key: keyof typeof problems.en, params?: Record<string, string>) => translate(problems, locale, key, params);
  const out = { ticketFields: {} as Record<string, unknown>, customerFields: {} as Record<string, unknown> };
  const issues: Array<InputIssue & { label: string }> = [];
  for (const entity of ['ticket', 'customer'] as const) {
    const values = input[valuesKey[entity]];
    if (values === undefined) continue;
    for (const [key, raw] of Object.entries(values ?? {})) {
      const path = `${valuesKey[entity]}.${key}`.slice(0, 120);
      const def = defs.find((d) => d.entity === entity && d.key === key && d.customerVisible && !d.archivedAt);
      if (!def) {
        issues.push({ path, label: key.slice(0, 60), message: `${key.slice(0, 60)}: ${t('unknown')}`, code: 'unknown_field' });
        continue;
      }
      if (isEmptyValue(raw) || raw === false) continue;
      // A ticked HTML checkbox without a value attribute posts "on".
      const c = checkValue(def, def.type === 'checkbox' && raw === 'on' ? true : raw);
      const label = pick(def.labels, locale);
      if (c.ok) out[valuesKey[entity]][key] = c.value;
      else issues.push({ path, label, message: `${label}: ${t(def.type)}`, code: 'invalid_value' });
    }
  }
  if (issues.length) throw invalid(t('summary', { fields: issues.map((i) => i.label).join(', ') }), issues);
  return out;
}

/**
 * Answers kept since a form was filled in, checked again when they are written (a field may have been archived,
 * hidden from customers or retyped since): what still holds is returned, the rest is dropped, never refused, so a
 * customer's message is never lost to an admin's change.
 */
export function stillValid(defs: FieldRow[], kept: CustomerFieldValues): Required<CustomerFieldValues> {
  const out = { ticketFields: {} as Record<string, unknown>, customerFields: {} as Record<string, unknown> };
  for (const entity of ['ticket', 'customer'] as const) {
    for (const [key, raw] of Object.entries(kept[valuesKey[entity]] ?? {})) {
      const def = defs.find((d) => d.entity === entity && d.key === key);
      const c = def ? checkValue(def, raw) : null;
      if (c?.ok) out[valuesKey[entity]][key] = c.value;
    }
  }
  return out;
}
