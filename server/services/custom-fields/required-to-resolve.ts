import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { customFields } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { fieldName } from './load-fields.ts';
import { isEmptyValue } from './value-types.ts';

/** An unchecked checkbox that must be ticked to resolve counts as empty. */
const isUnset = (v: unknown) => isEmptyValue(v) || v === false;

/**
 * Refuses to resolve (or close: closing must not be the way round it) a ticket while a field marked "required to
 * resolve" is empty, naming the fields (the console shows the message; `details` carries each key, its labels
 * and the action for a translated one).
 */
export async function requireFieldsToResolve(
  tx: Tx,
  ticket: { customFields: Record<string, unknown> },
  action: 'resolve' | 'close' = 'resolve',
) {
  const required = await tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.entity, 'ticket'), eq(customFields.requiredToResolve, true), isNull(customFields.archivedAt)))
    .orderBy(asc(customFields.position));
  const missing = required.filter((f) => isUnset(ticket.customFields[f.key]));
  if (!missing.length) return;
  throw invalid(
    `Cannot ${action}: ${missing.length === 1 ? 'the field' : 'the fields'} ${missing.map(fieldName).join(', ')} must be filled in first`,
    missing.map((f) => ({
      path: `customFields.${f.key}`,
      message: 'required to resolve',
      code: 'required_to_resolve',
      labels: f.labels,
      action,
    })),
  );
}
