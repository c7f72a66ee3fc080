import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { customFields } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { checkOptions } from './create-field.ts';
import { hasOptions, updateFieldInput } from './field-input.ts';
import { rewriteValues, storedValues } from './field-values-table.ts';
import { fieldName, loadField, type FieldRow } from './load-fields.ts';
import { presentField } from './present.ts';
import { convertValue, type FieldShape } from './value-types.ts';

const SAMPLES = 5;

/**
 * Edits a definition. A new type or new options re-check every stored value: when any does not convert nothing
 * changes and the refusal names the field and a few of those values; otherwise the ones that convert are rewritten.
 */
export async function updateField(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof updateFieldInput>,
  origin: RequestOrigin = {},
) {
  requireRole(actor, ['admin'], 'Changing fields');
  const input = parseInput(updateFieldInput, raw, 'field');
  return ctx.db.transaction(async (tx) => {
    const before = await loadField(tx, id, true);
    const type = input.type ?? before.type;
    const options = input.options ?? (hasOptions(type) ? before.options : []);
    checkOptions(type, options);
    const shapeChanged = type !== before.type || JSON.stringify(options) !== JSON.stringify(before.options);
    const converted = shapeChanged ? await convertAll(tx, before, { key: before.key, type, options }) : 0;
    const set = { ...input, type, options, help: input.help ?? before.help };
    const [after] = await tx
      .update(customFields)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(customFields.id, before.id))
      .returning();
    const changes = Object.fromEntries(
      Object.entries(set)
        .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof FieldRow]))
        .map(([k, v]) => [k, { from: before[k as keyof FieldRow], to: v }]),
    );
    await recordAudit(
      tx,
      actor,
      { action: 'custom_field.updated', targetType: 'custom_field', targetId: before.id, data: { key: before.key, changes, converted } },
      origin,
    );
    return presentField(after!);
  });
}

async function convertAll(tx: Tx, before: FieldRow, next: FieldShape): Promise<number> {
  const rows = await storedValues(tx, before.entity, before.key);
  const failed: unknown[] = [];
  const rewrites: { id: string; val: unknown }[] = [];
  for (const r of rows) {
    const c = convertValue(next, r.value);
    if (!c.ok) failed.push(r.value);
    else if (JSON.stringify(c.value) !== JSON.stringify(r.value)) rewrites.push({ id: r.id, val: c.value });
  }
  if (failed.length) {
    const samples = [...new Set(failed.map((v) => JSON.stringify(v)))].slice(0, SAMPLES);
    const what = next.type === before.type ? 'these options' : `type ${next.type}`;
    throw invalid(
      `Field ${fieldName(before)} cannot change to ${what}: ${failed.length} stored value${failed.length === 1 ? '' : 's'} would not convert, e.g. ${samples.join(', ')}`,
      [
        {
          path: next.type === before.type ? 'options' : 'type',
          message: `values that do not convert: ${samples.join(', ')}`,
          code: 'does_not_convert',
        },
      ],
    );
  }
  await rewriteValues(tx, before.entity, before.key, rewrites);
  return rewrites.length;
}
