import { en } from './i18n/en.ts';
import { t, type MessageKey } from './i18n/index.svelte.ts';

/** A catalog name in words when the catalog has it, else the name itself (a newer server may know more). */
function labelOr(key: string, fallback: string): string {
  return key in en ? t(key as MessageKey) : fallback.replace(/[._]/g, ' ');
}

export const actionLabel = (type: string) => labelOr(`automation.action.${type}`, type);
export const eventLabel = (name: string) => labelOr(`automation.event.${name}`, name);
export const opLabel = (op: string) => labelOr(`automation.op.${op}`, op);
export const paramLabel = (name: string) => labelOr(`automation.param.${name}`, name);
export const fixedFieldLabel = (field: string) => labelOr(`automation.field.${field}`, field);
