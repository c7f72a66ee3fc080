import { z } from 'zod';
import type { InboundMessage } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { ingest, type IngestOptions } from '../tickets/ingest.ts';
import { validateFieldValues } from './check-values.ts';
import { setCustomerFields, setTicketFields } from './set-fields.ts';

const values = z.record(z.string(), z.unknown());
export const ingestFieldsSchema = {
  ticketFields: values.optional(),
  customerFields: values.optional(),
};

export interface IngestFields {
  ticketFields?: Record<string, unknown>;
  customerFields?: Record<string, unknown>;
}

/**
 * Ingest that also sets fields on the ticket and the customer, in the message's transaction. Values are checked
 * first, so an unknown key or a bad value refuses the message before anything is stored; a replay sets nothing.
 */
export async function ingestWithFields(
  ctx: ServiceContext,
  actor: Actor,
  message: InboundMessage,
  fields: IngestFields,
  opts: IngestOptions = {},
) {
  if (fields.ticketFields) await validateFieldValues(ctx.db, 'ticket', fields.ticketFields);
  if (fields.customerFields) await validateFieldValues(ctx.db, 'customer', fields.customerFields);
  if (!fields.ticketFields && !fields.customerFields) return ingest(ctx, message, opts);
  return ingest(ctx, message, {
    ...opts,
    async stored(tx, row, files) {
      await opts.stored?.(tx, row, files);
      const now = ctx.now();
      if (fields.ticketFields) await setTicketFields(tx, actor, row.ticketId, fields.ticketFields, { trusted: true, now });
      if (fields.customerFields && row.customerId)
        await setCustomerFields(tx, actor, row.customerId, fields.customerFields, { trusted: true, now });
    },
  });
}
