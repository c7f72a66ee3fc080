/**
 * Web push on this device: the service worker (/sw.js, scope /) shows mentions and assignments while no tab is open.
 * The subscription is made with the installation's VAPID key and stored on the server (push_subscriptions).
 */
import { api } from './api.ts';

export const pushSupported = (): boolean =>
  typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator &&
  typeof window !== 'undefined' &&
  'PushManager' in window &&
  'Notification' in window;

/** Registers the service worker (installable PWA, push); harmless to call on every load. */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration('/');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Asks for permission, subscribes this browser and stores it for the signed-in user. 'denied' when the user said no. */
export async function enablePush(): Promise<'on' | 'denied'> {
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const { publicKey } = await api.get('/push-subscriptions');
  await registerServiceWorker();
  const reg = await navigator.serviceWorker.ready;
  const existing = await reg.pushManager.getSubscription();
  const sub = existing ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const json = sub.toJSON();
  await api.post('/push-subscriptions', {
    body: {
      endpoint: sub.endpoint,
      keys: { p256dh: json.keys!.p256dh!, auth: json.keys!.auth! },
      userAgent: navigator.userAgent.slice(0, 300),
    },
  });
  return 'on';
}

export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  await api.del('/push-subscriptions', { body: { endpoint: sub.endpoint } });
  await sub.unsubscribe();
}
