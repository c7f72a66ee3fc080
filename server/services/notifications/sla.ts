import { and, arrayOverlaps, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { users, type SlaMetric } from '../../db/schema/index.ts';
import { notify } from './notify.ts';

/** An SLA breach tells the ticket's assignee (before the escalation moved it) and every active supervisor (kind 'sla'). */
export async function notifySlaBreach(
  tx: Tx,
  ticket: { id: string; assigneeId: string | null },
  metrics: SlaMetric[],
  level: number,
  now: Date,
) {
  const supervisors = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), arrayOverlaps(users.roles, ['supervisor'])));
  const userIds = [...(ticket.assigneeId ? [ticket.assigneeId] : []), ...supervisors.map((s) => s.id)];
  await notify(tx, { userIds, kind: 'sla', ticketId: ticket.id, data: { metrics, level }, now });
}
