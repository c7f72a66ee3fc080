import type { components } from '$lib/api-schema';
import type { MessageKey } from '$lib/i18n/index.svelte.ts';

export type Webhook = components['schemas']['Webhook'];
export type Delivery = components['schemas']['WebhookDelivery'];
export type EventName = components['schemas']['WebhookCreate']['events'][number];
export interface WebhookDraft {
  name: string;
  url: string;
  events: EventName[];
  enabled: boolean;
}

/** The process events' names in the console's language (ping is not subscribable; it shows as itself). */
export const eventKey = (event: string) => `webhooks.event.${event}` as MessageKey;
