import type { ServiceContext } from '../context.ts';
import { apiTokenRoutes } from './api-tokens.ts';
import { attachmentRoutes } from './attachments.ts';
import { authRoutes } from './auth.ts';
import { cannedResponseRoutes } from './canned-responses.ts';
import { customerRoutes } from './customers.ts';
import { dashboardRoutes } from './dashboard.ts';
import { emailAdminRoutes } from './email-admin.ts';
import { inboxRoutes } from './inboxes.ts';
import { ingestRoutes } from './ingest.ts';
import { kbArticleRoutes } from './kb-articles.ts';
import { kbPublicRoutes } from './kb-public.ts';
import { kbRevisionRoutes } from './kb-revisions.ts';
import { kbSuggestionRoutes } from './kb-suggestions.ts';
import { kbTaxonomyRoutes } from './kb-taxonomy.ts';
import { meRoutes } from './me.ts';
import { meNotificationRoutes } from './me-notifications.ts';
import { notificationRoutes } from './notifications.ts';
import { pushSubscriptionRoutes } from './push-subscriptions.ts';
import { ticketFollowerRoutes } from './ticket-followers.ts';
import { myCsatRoutes } from './my-csat.ts';
import { messageRoutes } from './messages.ts';
import { authenticate } from './middleware/authenticate.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { requireSignIn } from './middleware/require-sign-in.ts';
import { calendarRoutes } from './calendars.ts';
import { queueRoutes } from './queues.ts';
import { reportRoutes } from './reports.ts';
import { routingRuleRoutes } from './routing-rules.ts';
import { slaPolicyRoutes } from './sla-policies.ts';
import { outboxRoutes } from './outbox.ts';
import { createRouter } from './router.ts';
import { teamMemberRoutes } from './team-members.ts';
import { teamRoutes } from './teams.ts';
import { ticketActionRoutes } from './ticket-actions.ts';
import { ticketRoutes } from './tickets.ts';
import { userRoutes } from './users.ts';
import { widgetAdminRoutes } from './widget-admin.ts';

/** Every /api sub-app, mounted under authentication; the OpenAPI document is built from their zod schemas. */
export function apiRoutes(ctx: ServiceContext) {
  const api = createRouter();
  api.use('*', authenticate(ctx));
  api.use('*', requireSignIn);
  api.use('*', csrfProtection);
  api.route('/ingest', ingestRoutes(ctx));
  api.route('/kb', kbArticleRoutes(ctx));
  api.route('/kb', kbRevisionRoutes(ctx));
  api.route('/kb', kbTaxonomyRoutes(ctx));
  api.route('/tickets', kbSuggestionRoutes(ctx));
  api.route('/public/kb', kbPublicRoutes(ctx));
  api.route('/auth', authRoutes(ctx));
  api.route('/auth/me', meRoutes(ctx));
  api.route('/me/tokens', apiTokenRoutes(ctx));
  api.route('/me/notification-settings', meNotificationRoutes(ctx));
  api.route('/notifications', notificationRoutes(ctx));
  api.route('/push-subscriptions', pushSubscriptionRoutes(ctx));
  api.route('/me/csat', myCsatRoutes(ctx));
  api.route('/users', userRoutes(ctx));
  api.route('/teams', teamRoutes(ctx));
  api.route('/teams', teamMemberRoutes(ctx));
  api.route('/routing-rules', routingRuleRoutes(ctx));
  api.route('/sla-policies', slaPolicyRoutes(ctx));
  api.route('/calendars', calendarRoutes(ctx));
  api.route('/queues', queueRoutes(ctx));
  api.route('/reports', reportRoutes(ctx));
  api.route('/dashboard', dashboardRoutes(ctx));
  api.route('/canned-responses', cannedResponseRoutes(ctx));
  api.route('/tickets', ticketRoutes(ctx));
  api.route('/tickets', ticketActionRoutes(ctx));
  api.route('/tickets', ticketFollowerRoutes(ctx));
  api.route('/customers', customerRoutes(ctx));
  api.route('/messages', messageRoutes(ctx));
  api.route('/outbox', outboxRoutes(ctx));
  api.route('/attachments', attachmentRoutes(ctx));
  api.route('/inboxes', inboxRoutes(ctx));
  api.route('/inboxes', widgetAdminRoutes(ctx));
  api.route('/email', emailAdminRoutes(ctx));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'sb_session' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Switchboard API', version: '0.1.0', description: 'Tickets, customers, users and channels.' },
    servers: [{ url: '/api' }],
  });
  return api;
}
