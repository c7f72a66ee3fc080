/** Settings → Webhooks: subscriptions, their secret shown once, the delivery log (issue 18). */
export const webhooksEn = {
  'webhooks.title': 'Webhooks',
  'webhooks.intro':
    'Switchboard POSTs a signed JSON payload to your URL when a ticket event happens. Failed deliveries are retried for at least 24 hours.',
  'webhooks.notificationDisabled': 'Webhook “{name}” was switched off after failing repeatedly',
};
