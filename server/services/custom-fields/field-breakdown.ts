import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { customFields } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { reportFilterFields, checkRange } from '../reports/report-input.ts';
import { rows, runReportSql } from '../reports/rows.ts';
import { inPeriod, openScope, ticketFilters } from '../reports/scope.ts';
import { fieldKey } from './field-input.ts';

export const fieldBreakdownInput = z.strictObject({ ...reportFilterFields, field: fieldKey }).superRefine(checkRange);

export interface FieldBreakdownRow {
  /** The option's value; '' for tickets where the field is empty. */
  value: string;
  label: string;
  tickets: number;
  resolved: number;
  csatAverage: number | null;
  csatResponses: number;
}

/**
 * Tickets created in the period by the value of one select field: how many, how many resolved, and their
 * satisfaction (every rating of those tickets). Options nobody chose are listed with zeros.
 */
export async function fieldBreakdown(ctx: ServiceContext, actor: Actor, raw: z.input<typeof fieldBreakdownInput>) {
  const input = parseInput(fieldBreakdownInput, raw, 'report filters');
  const s = await openScope(ctx, actor, input);
  const [field] = await ctx.db
    .select()
    .from(customFields)
    .where(and(eq(customFields.entity, 'ticket'), eq(customFields.key, input.field), isNull(customFields.archivedAt)));
  if (!field || field.type !== 'select')
    throw invalid(`field: "${input.field}" is not a single-select ticket field`, [
      { path: 'field', message: 'not a single-select ticket field' },
    ]);
  const result = await runReportSql(
    ctx,
    sql`select coalesce(t.custom_fields ->> ${field.key}, '') as value, count(distinct t.id)::int as tickets,
      count(distinct t.id) filter (where t.status in ('resolved', 'closed'))::int as resolved,
      round(avg(c.rating)::numeric, 2)::float8 as "csatAverage", count(c.rating)::int as "csatResponses"
    from tickets t left join csat_responses c on c.ticket_id = t.id
    where ${inPeriod(s, sql`t.created_at`)} ${ticketFilters(s)}
    group by 1`,
  );
  const found = new Map(rows<Omit<FieldBreakdownRow, 'label'>>(result).map((r) => [r.value, r]));
  const zero = { tickets: 0, resolved: 0, csatAverage: null, csatResponses: 0 };
  const values = [...field.options.map((o) => ({ value: o.value, label: o.labels.en })), { value: '', label: '' }];
  // Values no longer among the options (kept when an option was removed) still count.
  for (const v of found.keys()) if (!values.some((x) => x.value === v)) values.splice(values.length - 1, 0, { value: v, label: v });
  const breakdown: FieldBreakdownRow[] = values.map((v) => ({ ...v, ...zero, ...found.get(v.value) }));
  return { scope: s, field: { key: field.key, labels: field.labels }, rows: breakdown };
}
