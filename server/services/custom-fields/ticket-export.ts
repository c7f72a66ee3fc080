import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import type { CsvCell, CsvTable } from '../reports/csv.ts';
import { reportFilters, type ReportFilters } from '../reports/report-input.ts';
import { rows, runReportSql } from '../reports/rows.ts';
import { inPeriod, openScope, ticketFilters, iso } from '../reports/scope.ts';
import { loadActiveFields } from './load-fields.ts';

/** Most rows one download carries (a year of a busy desk); the period can be narrowed for more. */
export const MAX_EXPORT_ROWS = 50_000;

interface ExportRow {
  number: number;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  team: string | null;
  assignee: string | null;
  customer: string | null;
  createdAt: string;
  resolvedAt: string | null;
  csat: number | null;
  ticketFields: Record<string, unknown>;
  customerFields: Record<string, unknown>;
}

const cell = (v: unknown): CsvCell => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : (v as CsvCell));

/**
 * The tickets created in the period, one row each, with a column per ticket field (`field:<key>`) and per customer
 * field (`customer:<key>`), for spreadsheets. Same filters and roles as the other reports.
 */
export async function ticketExport(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const s = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  const [ticketDefs, customerDefs] = [await loadActiveFields(ctx.db, 'ticket'), await loadActiveFields(ctx.db, 'customer')];
  const result = await runReportSql(
    ctx,
    sql`select t.number, t.subject, t.status, t.priority, t.channel, tm.name as team, u.name as assignee,
      coalesce(c.name, c.email) as customer, ${iso(sql`t.created_at`)} as "createdAt",
      case when t.resolved_at is null then null else ${iso(sql`t.resolved_at`)} end as "resolvedAt",
      (select r.rating from csat_responses r where r.ticket_id = t.id order by r.created_at desc limit 1) as csat,
      t.custom_fields as "ticketFields", c.custom_fields as "customerFields"
    from tickets t join customers c on c.id = t.customer_id
      left join teams tm on tm.id = t.team_id left join users u on u.id = t.assignee_id
    where ${inPeriod(s, sql`t.created_at`)} ${ticketFilters(s)}
    order by t.number limit ${MAX_EXPORT_ROWS}`,
  );
  const tickets = rows<ExportRow>(result);
  const table: CsvTable = {
    columns: [
      'number',
      'subject',
      'status',
      'priority',
      'channel',
      'team',
      'assignee',
      'customer',
      'created_at',
      'resolved_at',
      'csat',
      ...ticketDefs.map((f) => `field:${f.key}`),
      ...customerDefs.map((f) => `customer:${f.key}`),
    ],
    rows: tickets.map((t) => [
      t.number,
      t.subject,
      t.status,
      t.priority,
      t.channel,
      t.team,
      t.assignee,
      t.customer,
      t.createdAt,
      t.resolvedAt,
      t.csat,
      ...ticketDefs.map((f) => cell(t.ticketFields[f.key])),
      ...customerDefs.map((f) => cell(t.customerFields[f.key])),
    ]),
  };
  return { scope: s, table };
}
