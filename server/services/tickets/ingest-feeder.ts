import type { DbOrTx } from '../../db/client.ts';
import type { tickets } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { canSeeTicket } from './visibility.ts';

const refusals = {
  thread: 'This threadKey belongs to a conversation you cannot see; use a threadKey of your own',
  message: 'This externalMessageId was already used in a conversation you cannot see; use a new one',
} as const;

/**
 * An integration may add to conversations it could read, nothing else. The refusal is the same whichever team
 * owns the ticket and names no id, number or customer, so replaying keys learns nothing about it.
 */
export async function refuseUnseenThread(
  tx: DbOrTx,
  feeder: Actor,
  ticket: Pick<typeof tickets.$inferSelect, 'assigneeId' | 'teamId'>,
  what: keyof typeof refusals,
): Promise<void> {
  if (!(await canSeeTicket(tx, feeder, ticket))) throw forbidden(refusals[what]);
}
