import { z } from 'zod';
import type { ChannelRegistry } from '../../channels/types.ts';
import { handleKbIndex, handleKbSynonyms } from '../../knowledge-base/indexing/handlers.ts';
import type { ServiceContext } from '../context.ts';
import { accountMailHandler } from '../services/accounts/mail-handler.ts';
import { automationEmailHandler } from '../services/automation/email-handler.ts';
import { evaluateRulesHandler } from '../services/automation/evaluate-handler.ts';
import { csatSurveyHandler } from '../services/csat/survey-handler.ts';
import { deliverMessageHandler } from '../services/messages/deliver.ts';
import { deliverNotificationsHandler } from '../services/notifications/deliver.ts';
import { emailNotificationHandler } from '../services/notifications/email.ts';
import { pushNotificationHandler, type PushSender } from '../services/notifications/push.ts';
import type { OutboxHandlers } from '../services/outbox/handlers.ts';
import { routeTicketHandler } from '../services/routing/route-handler.ts';
import { slaAlertEmailHandler, type AlertMailer } from '../services/sla/alert-email.ts';
import { sendWebPush } from './web-push-sender.ts';

export interface OutboxDeps {
  channels: ChannelRegistry;
  /** Staff notifications (SLA breach alerts); absent until a mail transport is configured. */
  alertMailer?: AlertMailer;
  /** Web push to browsers (default: the web-push package over fetch). */
  pushSender?: PushSender;
}

/** Every outbox topic's handler, keyed by the topic union: add a topic to OutboxTopics, register it here. */
export function outboxHandlers(ctx: ServiceContext, deps: OutboxDeps): OutboxHandlers {
  return {
    'message.deliver': deliverMessageHandler(ctx, deps.channels),
    'ticket.route': routeTicketHandler(ctx),
    'csat.survey': csatSurveyHandler(ctx, deps.channels),
    'sla.alert.email': slaAlertEmailHandler(ctx, deps.alertMailer),
    'notification.deliver': deliverNotificationsHandler(ctx),
    'notification.email': emailNotificationHandler(ctx, deps.alertMailer),
    'notification.push': pushNotificationHandler(ctx, deps.pushSender ?? sendWebPush),
    'kb.index': { schema: z.object({ articleId: z.string().min(1) }), run: (p) => handleKbIndex(ctx, p) },
    'automation.evaluate': evaluateRulesHandler(ctx),
    'automation.email': automationEmailHandler(ctx, deps.alertMailer),
    'account.email': accountMailHandler(ctx, deps.alertMailer),
    'kb.synonyms': { schema: z.record(z.string(), z.never()), run: (p) => handleKbSynonyms(ctx, p) },
  };
}
