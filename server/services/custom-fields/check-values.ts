import type { DbOrTx } from '../../db/client.ts';
import type { CustomFieldEntity } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import { invalidInput, type InputIssue } from '../../invalid-input.ts';
import { hasRole, type Actor } from '../actor.ts';
import { fieldName, loadActiveFields, type FieldRow } from './load-fields.ts';
import { checkValue, isEmptyValue } from './value-types.ts';

export type FieldValues = Record<string, unknown>;
export interface FieldChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** Who may set a field agents cannot edit: admins, and writes from API tokens, ingest and rules. */
export interface SetFieldsOptions {
  trusted?: boolean;
}

const isPlainObject = (v: unknown): v is FieldValues => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks values against the entity's fields (archived ones count as unknown) and returns them as stored,
 * null meaning "clear". A refusal names the field and what was wrong, and lists every bad key in `details`.
 */
export function checkFieldValues(defs: FieldRow[], entity: CustomFieldEntity, values: unknown): Record<string, unknown> {
  const where = `${entity} fields`;
  if (!isPlainObject(values))
    throw invalidInput(where, [{ path: '(root)', message: 'expected an object of field keys to values', code: 'invalid_type' }]);
  const issues: InputIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const def = defs.find((d) => d.key === key);
    if (!def) {
      issues.push({ path: key, message: `no ${entity} field has the key "${key}"`, code: 'unknown_field' });
      continue;
    }
    if (isEmptyValue(raw)) {
      out[key] = null;
      continue;
    }
    const c = checkValue(def, raw);
    if (c.ok) out[key] = c.value;
    else issues.push({ path: key, message: `${fieldName(def)}: ${c.problem}`, code: 'invalid_value' });
  }
  if (issues.length) throw invalidInput(where, issues);
  return out;
}

/** The same check with the definitions loaded: for callers that validate before they write (ingest). */
export async function validateFieldValues(db: DbOrTx, entity: CustomFieldEntity, values: unknown) {
  return checkFieldValues(await loadActiveFields(db, entity), entity, values);
}

export function requireEditable(defs: FieldRow[], keys: string[], actor: Actor, opts: SetFieldsOptions) {
  if (opts.trusted || hasRole(actor, ['admin'])) return;
  const locked = defs.find((d) => keys.includes(d.key) && !d.agentEditable);
  if (locked)
    throw forbidden(`Field ${fieldName(locked)} is read-only for agents; an admin or the API can set it`, { reason: 'read_only_field' });
}

/** The new value object and what changed, key by key (no change, no entry). */
export function applyValues(current: FieldValues, checked: Record<string, unknown>) {
  const next: FieldValues = { ...current };
  const changes: FieldChange[] = [];
  for (const [key, to] of Object.entries(checked)) {
    const from = current[key] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (to === null) delete next[key];
    else next[key] = to;
    changes.push({ key, from, to });
  }
  return { next, changes };
}
