import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { processEventNames } from '../process-events/event-names.ts';
import type { OutboxHandler } from '../outbox/handlers.ts';
import { evaluateEventRules, type RuleEvaluation } from './evaluate-event.ts';

const payload = z.object({
  ticketId: z.uuid(),
  eventId: z.number().int(),
  events: z.array(z.enum(processEventNames)).min(1),
  depth: z.number().int().min(0),
  messageId: z.uuid().nullable().optional(),
});

/** Outbox topic 'automation.evaluate': a failure (database down) is retried; firings make the retry harmless. */
export const evaluateRulesHandler = (ctx: ServiceContext): OutboxHandler<RuleEvaluation> => ({
  schema: payload,
  async run(p) {
    await evaluateEventRules(ctx, p);
  },
});
