import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../server/db/client.ts';
import { widgetVisitors, type messages } from '../../server/db/schema/index.ts';
import { ServiceError } from '../../server/errors.ts';
import { systemActor } from '../../server/services/actor.ts';
import { loadCustomerFields, stillValid, type CustomerFieldValues } from '../../server/services/custom-fields/customer-visible.ts';
import { setCustomerFields, setTicketFields } from '../../server/services/custom-fields/set-fields.ts';
import type { VisitorRow } from './visitors.ts';

const preChatActor = systemActor('pre-chat form');
const KEY = 'preChatFields';

/** The custom-field answers of a pre-chat form not yet written to a ticket (kept on the visitor row until then). */
export function pendingFields(row: Pick<VisitorRow, 'meta'> | null): CustomerFieldValues | null {
  const kept = row?.meta?.[KEY] as CustomerFieldValues | undefined;
  return kept && (Object.keys(kept.ticketFields ?? {}).length || Object.keys(kept.customerFields ?? {}).length) ? kept : null;
}

/** The visitor's meta with these answers kept over earlier ones (a second form replaces what it answers). */
export function keepFields(row: Pick<VisitorRow, 'meta'> | null, answers: Required<CustomerFieldValues>): Record<string, unknown> {
  const before = pendingFields(row);
  return {
    ...(row?.meta ?? {}),
    [KEY]: {
      ticketFields: { ...before?.ticketFields, ...answers.ticketFields },
      customerFields: { ...before?.customerFields, ...answers.customerFields },
    },
  };
}

/**
 * In the ingest transaction of the visitor's next message: the kept answers go on that message's ticket and its
 * customer through the same verbs as the API's ingest (history 'fields_changed' by the pre-chat form), then are
 * forgotten. What an admin changed since (a field archived or hidden) is dropped, never a reason to refuse the message.
 */
export async function applyPendingFields(
  tx: Tx,
  visitorId: string,
  message: typeof messages.$inferSelect,
  kept: CustomerFieldValues,
  now: Date,
) {
  const values = stillValid(await loadCustomerFields(tx), kept);
  if (Object.keys(values.ticketFields).length)
    await setTicketFields(tx, preChatActor, message.ticketId, values.ticketFields, { trusted: true, now });
  if (message.customerId && Object.keys(values.customerFields).length) {
    try {
      await setCustomerFields(tx, preChatActor, message.customerId, values.customerFields, { trusted: true, now });
    } catch (err) {
      // A customer merged away meanwhile: read-only checks that wrote nothing; the message goes on.
      if (!(err instanceof ServiceError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND'))) throw err;
    }
  }
  await tx
    .update(widgetVisitors)
    .set({ meta: sql`${widgetVisitors.meta} - ${KEY}` })
    .where(eq(widgetVisitors.id, visitorId));
}
