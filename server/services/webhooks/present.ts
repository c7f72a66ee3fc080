import type { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.ts';

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type AttemptRow = typeof webhookAttempts.$inferSelect;

/** A subscription as the API shows it: never its secret (that is shown once, by create and rotate). */
export function presentSubscription(s: SubscriptionRow) {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: s.events,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    consecutiveFailures: s.consecutiveFailures,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type SubscriptionView = ReturnType<typeof presentSubscription>;

export function presentAttempt(a: AttemptRow) {
  return {
    id: a.id,
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
    manual: a.manual,
    at: a.createdAt.toISOString(),
  };
}
export type AttemptView = ReturnType<typeof presentAttempt>;

export function presentDelivery(d: DeliveryRow, attempts: AttemptRow[]) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    event: d.event,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastDurationMs: d.lastDurationMs,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    payload: d.payload,
    log: attempts.map(presentAttempt),
  };
}
export type DeliveryView = ReturnType<typeof presentDelivery>;
