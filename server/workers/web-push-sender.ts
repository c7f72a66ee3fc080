import webpush from 'web-push';
import type { PushSender } from '../services/notifications/push.ts';

/**
 * Web push with the web-push package: it encrypts the payload (aes128gcm) and signs the VAPID JWT; the request
 * itself goes out with fetch, which also reaches the plain-HTTP push service stand-in the tests run.
 */
export const sendWebPush: PushSender = async ({ subscription, payload, vapid, ttlSeconds }) => {
  const req = webpush.generateRequestDetails(subscription, payload, {
    vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: ttlSeconds,
    contentEncoding: 'aes128gcm',
  });
  const res = await fetch(req.endpoint, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.body,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.text().catch(() => '') };
};
