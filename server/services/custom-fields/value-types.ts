import type { CustomFieldOption, CustomFieldType } from '../../db/schema/index.ts';

/** What checking one value needs of its field. */
export interface FieldShape {
  key: string;
  type: CustomFieldType;
  options: CustomFieldOption[];
}

export type ValueCheck = { ok: true; value: unknown } | { ok: false; problem: string };

const TEXT_MAX = 500;
const LONG_TEXT_MAX = 10_000;
const URL_MAX = 2_000;
const MULTI_MAX = 50;

const ok = (value: unknown): ValueCheck => ({ ok: true, value });
const bad = (problem: string): ValueCheck => ({ ok: false, problem });

/** null, '' and [] clear a field; so does an unchecked checkbox (false is stored, but counts as empty to resolve). */
export const isEmptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const optionList = (f: FieldShape) => f.options.map((o) => o.value).join(', ');

function text(v: unknown, max: number): ValueCheck {
  if (typeof v !== 'string') return bad('expected text');
  const s = v.trim();
  return s.length > max ? bad(`at most ${max} characters`) : ok(s);
}

/**
 * The one place a field value is checked, for the API, ingest, rules and type changes: returns the value as
 * stored (numbers as JSON numbers, dates as YYYY-MM-DD, checkboxes as booleans, multi-select as a list) or
 * what was wrong. Empty values are handled by the caller (they clear the field).
 */
export function checkValue(f: FieldShape, v: unknown): ValueCheck {
  switch (f.type) {
    case 'text':
      return text(v, TEXT_MAX);
    case 'long_text':
      return text(v, LONG_TEXT_MAX);
    case 'number': {
      const n = asNumber(v);
      if (n === null || !Number.isSafeInteger(n)) return bad('expected a whole number');
      return ok(n);
    }
    case 'decimal': {
      const n = asNumber(v);
      return n === null ? bad('expected a number') : ok(n);
    }
    case 'date':
      return typeof v === 'string' && isDate(v.trim()) ? ok(v.trim()) : bad('expected a date as YYYY-MM-DD');
    case 'checkbox':
      if (typeof v === 'boolean') return ok(v);
      if (v === 'true' || v === 'false') return ok(v === 'true');
      return bad('expected true or false');
    case 'url': {
      if (typeof v !== 'string' || v.trim().length > URL_MAX) return bad('expected a web address (http or https)');
      try {
        const u = new URL(v.trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? ok(v.trim()) : bad('expected a web address (http or https)');
      } catch {
        return bad('expected a web address (http or https)');
      }
    }
    case 'select':
      return typeof v === 'string' && f.options.some((o) => o.value === v) ? ok(v) : bad(`expected one of: ${optionList(f)}`);
    case 'multi_select': {
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list) || list.length > MULTI_MAX) return bad(`expected a list of: ${optionList(f)}`);
      const wrong = list.find((x) => typeof x !== 'string' || !f.options.some((o) => o.value === x));
      if (wrong !== undefined) return bad(`${JSON.stringify(wrong)} is not one of: ${optionList(f)}`);
      return ok([...new Set(list as string[])]);
    }
  }
}

/** A stored value under a field's new type (or new options): loose forms first, then the strict check. */
export function convertValue(to: FieldShape, v: unknown): ValueCheck {
  let loose = v;
  if ((to.type === 'text' || to.type === 'long_text') && typeof v !== 'string') loose = Array.isArray(v) ? v.join(', ') : String(v);
  if (to.type === 'url' && typeof v !== 'string') loose = String(v);
  if (to.type === 'select' && Array.isArray(v) && v.length === 1) loose = v[0];
  if (to.type === 'checkbox' && typeof v === 'string') loose = v.trim().toLowerCase();
  if ((to.type === 'number' || to.type === 'decimal') && typeof v === 'boolean') return bad('not a number');
  return checkValue(to, loose);
}
