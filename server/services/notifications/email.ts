import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { notifications } from '../../db/schema/index.ts';
import { PermanentJobError, type OutboxHandler } from '../outbox/handlers.ts';
import type { AlertMailer } from '../sla/alert-email.ts';
import { loadForDelivery, ticketLink } from './load-one.ts';
import { notificationText, openLinkText } from './texts.ts';

const payload = z.object({ notificationId: z.uuid() });

/**
 * Emails one notification to its recipient, in their language, if they still want this kind by email. `emailed_at`
 * is set once the mail server took it, so a job run again after that sends nothing; the one window left (a crash
 * between the hand-off and that write) resends with the same Message-ID, which mail clients show once.
 */
export const emailNotificationHandler = (ctx: ServiceContext, mailer?: AlertMailer): OutboxHandler<z.infer<typeof payload>> => ({
  schema: payload,
  async run(p) {
    if (!mailer) throw new PermanentJobError('No outgoing mail transport is configured: the notification email was not sent');
    const { row, user, view } = await loadForDelivery(ctx, p.notificationId);
    if (row.emailedAt || !user.active || user.emailNotifications[row.kind] !== true) return;
    const text = notificationText(view, user.locale);
    const link = ticketLink(ctx, row.ticketId);
    await mailer({
      to: [user.email],
      subject: text.title.slice(0, 300),
      text: [text.body, link ? openLinkText(user.locale, link) : ''].filter(Boolean).join('\n\n') + '\n',
      messageId: `<notification-${row.id}@switchboard.invalid>`,
    });
    await ctx.db.update(notifications).set({ emailedAt: ctx.now() }).where(eq(notifications.id, row.id));
  },
});
