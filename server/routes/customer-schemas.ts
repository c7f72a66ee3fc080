import { z } from '@hono/zod-openapi';
import { channelKinds } from '../db/schema/index.ts';
import { customerView, identityView } from './ticket-schemas.ts';

const ts = z.string().openapi({ format: 'date-time' });

export const customerListItemView = customerView
  .extend({
    identities: z.array(
      z.object({
        channel: z.enum(channelKinds),
        externalId: z.string(),
        displayName: z.string().nullable(),
        username: z.string().nullable(),
      }),
    ),
    lastContactAt: ts.nullable().openapi({ description: 'Their latest message on any channel' }),
    openTickets: z.number().int().openapi({ description: 'New, open or pending tickets you can see (spam left out)' }),
    csat: z.object({ count: z.number().int(), average: z.number().nullable() }),
  })
  .openapi('CustomerListItem');

export const customerIdentityDetailView = identityView
  .extend({
    visitor: z
      .object({ name: z.string().nullable(), email: z.string().nullable(), verified: z.boolean() })
      .nullable()
      .openapi({ description: 'A web-chat visitor: what they typed into the pre-chat form; verified when the host site vouched' }),
  })
  .openapi('CustomerIdentityDetail');

export const mergedIntoView = z
  .object({ id: z.string(), name: z.string().nullable() })
  .nullable()
  .openapi({ description: 'Set on a merged customer: the customer everything moved to' });

export const holdingsView = z
  .object({
    identities: z.number().int(),
    tickets: z.number().int(),
    openTickets: z.number().int(),
    messages: z.number().int(),
    ratings: z.number().int(),
    visitors: z.number().int(),
  })
  .openapi('CustomerHoldings');

export const mergePreviewView = z
  .object({
    from: customerView,
    into: customerView,
    moves: holdingsView.extend({ identityList: z.array(identityView) }),
    after: holdingsView.openapi({ description: 'The survivor’s holdings after the merge: the sum of both' }),
    result: z.object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      locale: z.string().nullable(),
      tier: z.string().nullable(),
      tags: z.array(z.string()),
      notes: z.string().nullable(),
    }),
  })
  .openapi('CustomerMergePreview');
