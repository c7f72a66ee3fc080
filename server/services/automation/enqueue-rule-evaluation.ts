import type { Tx } from '../../db/client.ts';
import type { ProcessEventName, TicketEventRow } from '../process-events/event-names.ts';

/**
 * Writes the evaluation of event rules for one history row (outbox, in the event's transaction), only when an
 * enabled event rule listens to one of `events`. Owned by the automation engine.
 */
export async function enqueueRuleEvaluation(_tx: Tx, _row: TicketEventRow, _events: ProcessEventName[]): Promise<void> {
  // Filled in by the automation engine (issue 18): until then no rule exists to evaluate.
}
