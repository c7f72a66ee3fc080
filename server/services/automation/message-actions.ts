import { and, eq, inArray } from 'drizzle-orm';
import { isRecordChannel } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { cannedResponses, teamMembers, tickets, users } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { reply } from '../tickets/reply.ts';
import type { ActionOutcome } from './outcome.ts';
import { fill, placeholderValues } from './placeholders.ts';

type TicketRow = typeof tickets.$inferSelect;

/**
 * A reply on the ticket's channel through the reply verb. Never in answer to an automated message (an
 * auto-reply, a bounce): two robots must not talk to each other forever.
 */
export async function sendReply(
  ctx: ServiceContext,
  tx: Tx,
  actor: Actor,
  ticket: TicketRow,
  a: { cannedResponseId?: string; text?: string },
  automatedTrigger: boolean,
): Promise<ActionOutcome> {
  if (automatedTrigger) return { status: 'skipped', detail: 'the message was automated (auto-reply, bounce or bulk): no automatic answer' };
  if (isRecordChannel(ticket.channel)) return { status: 'skipped', detail: `a ${ticket.channel} ticket has no channel to reply on` };
  if (ticket.status === 'closed') return { status: 'skipped', detail: 'the ticket is closed' };
  let body = a.text ?? '';
  if (a.cannedResponseId) {
    const [canned] = await tx.select().from(cannedResponses).where(eq(cannedResponses.id, a.cannedResponseId));
    if (!canned)
      throw invalid(`cannedResponseId: no canned response ${a.cannedResponseId}`, [{ path: 'cannedResponseId', message: 'not found' }]);
    body = canned.body;
  }
  const text = fill(body, await placeholderValues(tx, ticket, actor));
  await reply(ctx, actor, ticket.id, { text });
  return { status: 'done', detail: text.slice(0, 200) };
}

/** Staff email (one user, or a team's active members) written to the outbox in this transaction. */
export async function emailStaff(
  tx: Tx,
  actor: Actor,
  ticket: TicketRow,
  a: { userId?: string; teamId?: string; subject: string; text: string },
  key: string,
): Promise<ActionOutcome> {
  const ids = a.userId
    ? [a.userId]
    : (await tx.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, a.teamId!))).map((r) => r.id);
  const to = ids.length
    ? (
        await tx
          .select({ email: users.email })
          .from(users)
          .where(and(inArray(users.id, ids), eq(users.active, true)))
      ).map((u) => u.email)
    : [];
  if (!to.length) return { status: 'skipped', detail: 'nobody active to email' };
  const values = await placeholderValues(tx, ticket, actor);
  const mail = { to, subject: fill(a.subject, values), text: fill(a.text, values), ticketId: ticket.id };
  await enqueue(tx, 'automation.email', mail, { dedupeKey: key });
  return { status: 'done', detail: `to ${to.join(', ')}` };
}
