import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { PermanentJobError, type OutboxHandler } from '../outbox/handlers.ts';
import type { AlertMailer } from '../sla/alert-email.ts';

const payload = z.object({
  to: z.array(z.string().min(3)).min(1),
  subject: z.string().max(300),
  text: z.string(),
  ticketId: z.uuid(),
});

/** Sends a rule's or macro's staff email; without a mail transport the job fails visibly in the outbox log. */
export const automationEmailHandler = (ctx: ServiceContext, mailer?: AlertMailer): OutboxHandler<z.infer<typeof payload>> => ({
  schema: payload,
  async run(p, job) {
    if (!mailer) throw new PermanentJobError('No outgoing mail transport is configured: the automation email was not sent');
    const link = ctx.config.PUBLIC_URL ? `\n\n${new URL(`/tickets/${p.ticketId}`, ctx.config.PUBLIC_URL)}` : '';
    await mailer({ to: p.to, subject: p.subject, text: `${p.text}${link}\n`, messageId: `<automation-${job.id}@switchboard>` });
  },
});
