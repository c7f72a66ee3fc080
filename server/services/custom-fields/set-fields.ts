import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { customers, tickets } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { applyValues, checkFieldValues, requireEditable, type FieldChange, type SetFieldsOptions } from './check-values.ts';
import { loadActiveFields } from './load-fields.ts';

type TicketRow = typeof tickets.$inferSelect;

/**
 * Plans a write of ticket fields on a row the caller holds: checks values and the actor's right to set
 * read-only fields. Null clears. Shared by setTicketFields and the console's verb.
 */
export async function planTicketFields(tx: Tx, actor: Actor, ticket: TicketRow, values: unknown, opts: SetFieldsOptions = {}) {
  const defs = await loadActiveFields(tx, 'ticket');
  const checked = checkFieldValues(defs, 'ticket', values);
  requireEditable(defs, Object.keys(checked), actor, opts);
  return applyValues(ticket.customFields, checked);
}

/**
 * Sets ticket fields inside the caller's transaction (API, ingest, automation's "set field" action): the row is
 * locked, written, and one history row 'fields_changed' { changes: [{ key, from, to }] } is recorded, which is the
 * ticket.field_changed event rules and webhooks see. Does not check ticket visibility: callers do.
 */
export async function setTicketFields(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  values: unknown,
  opts: SetFieldsOptions & { now?: Date } = {},
): Promise<{ ticket: TicketRow; changes: FieldChange[] }> {
  if (!isUuid(ticketId)) throw notFound('Ticket');
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!row) throw notFound('Ticket');
  const { next, changes } = await planTicketFields(tx, actor, row, values, opts);
  if (!changes.length) return { ticket: row, changes };
  const now = opts.now ?? new Date();
  const [ticket] = await tx.update(tickets).set({ customFields: next, updatedAt: now }).where(eq(tickets.id, ticketId)).returning();
  await recordEvent(tx, actor, { ticketId, kind: 'fields_changed', data: { changes } }, now);
  return { ticket: ticket!, changes };
}

/** Sets customer fields inside the caller's transaction; the change is written to the audit log. */
export async function setCustomerFields(
  tx: Tx,
  actor: Actor,
  customerId: string,
  values: unknown,
  opts: SetFieldsOptions & { now?: Date } = {},
): Promise<{ customer: typeof customers.$inferSelect; changes: FieldChange[] }> {
  if (!isUuid(customerId)) throw notFound('Customer');
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!row) throw notFound('Customer');
  if (row.mergedIntoId) throw conflict('Customer: merged into another customer; edit that one', { mergedIntoId: row.mergedIntoId });
  const defs = await loadActiveFields(tx, 'customer');
  const checked = checkFieldValues(defs, 'customer', values);
  requireEditable(defs, Object.keys(checked), actor, opts);
  const { next, changes } = applyValues(row.customFields, checked);
  if (!changes.length) return { customer: row, changes };
  const now = opts.now ?? new Date();
  const [customer] = await tx.update(customers).set({ customFields: next, updatedAt: now }).where(eq(customers.id, customerId)).returning();
  await recordAudit(tx, actor, { action: 'customer.fields_changed', targetType: 'customer', targetId: customerId, data: { changes } });
  return { customer: customer!, changes };
}
