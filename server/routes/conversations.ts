import type { ServiceContext } from '../context.ts';
import { forward } from '../services/tickets/forward.ts';
import { recordContact } from '../services/tickets/record-contact.ts';
import { startConversation } from '../services/tickets/start-conversation.ts';
import { listStartInboxes } from '../services/tickets/start-inboxes.ts';
import { createTicketRoute, forwardRoute, startInboxesRoute } from './conversation-schemas.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter } from './router.ts';

/** Tickets agents open themselves, and forwards: mounted under /tickets beside the lifecycle actions. */
export const conversationRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(createTicketRoute, async (c) => {
      const body = c.req.valid('json');
      const actor = requireActor(c);
      const result =
        body.channel === 'email' || body.channel === 'telegram'
          ? await startConversation(ctx, actor, body)
          : await recordContact(ctx, actor, body);
      return c.json(result, 201);
    })
    .openapi(forwardRoute, async (c) => c.json(await forward(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201));

/** What the console's New conversation screen offers: mounted under /conversations. */
export const conversationOptionRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(startInboxesRoute, async (c) => c.json({ inboxes: await listStartInboxes(ctx, requireActor(c)) }, 200));
