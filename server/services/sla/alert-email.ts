import { and, arrayOverlaps, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { slaMetrics, tickets, users } from '../../db/schema/index.ts';
import { MANAGER_ROLES } from '../actor.ts';
import { PermanentJobError, type OutboxHandler } from '../outbox/handlers.ts';

export interface AlertMail {
  to: string[];
  subject: string;
  text: string;
  /** Fixed per notification, so a resend after a crash shows as the same mail. */
  messageId?: string;
}
/** Sends a notification mail to staff (not through a customer's thread); provided by the email channel. */
export type AlertMailer = (mail: AlertMail) => Promise<void>;

const payload = z.object({ ticketId: z.uuid(), metrics: z.array(z.enum(slaMetrics)).min(1), level: z.number().int() });
const words = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' } as const;

/** Emails every active supervisor and admin about an SLA breach; without a mail transport the job fails visibly. */
export const slaAlertEmailHandler = (ctx: ServiceContext, mailer?: AlertMailer): OutboxHandler<z.infer<typeof payload>> => ({
  schema: payload,
  async run(p) {
    if (!mailer) throw new PermanentJobError('No outgoing mail transport is configured: the SLA alert email was not sent');
    const [t] = await ctx.db.select().from(tickets).where(eq(tickets.id, p.ticketId));
    if (!t) throw new PermanentJobError(`Ticket ${p.ticketId} no longer exists`);
    const staff = await ctx.db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.active, true), arrayOverlaps(users.roles, [...MANAGER_ROLES])));
    if (!staff.length) throw new PermanentJobError('No active supervisor or admin to alert');
    const missed = p.metrics.map((m) => words[m]).join(' and ');
    const link = ctx.config.PUBLIC_URL ? `\n${new URL(`/tickets/${t.id}`, ctx.config.PUBLIC_URL)}` : '';
    await mailer({
      to: staff.map((s) => s.email),
      subject: `[SLA breach] #${t.number} ${t.subject}`.slice(0, 300),
      text: `Ticket #${t.number} missed its ${missed} target and was escalated to level ${p.level} (priority ${t.priority}).${link}\n`,
    });
  },
});
