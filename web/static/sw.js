/* global self */
// Switchboard's service worker: shows web push notifications (mentions, assignments) while no console tab is open,
// and opens the ticket when one is clicked. It caches nothing: the console needs the server to be useful.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  const show = () =>
    self.registration.showNotification(data.title || 'Switchboard', {
      body: data.body || '',
      tag: data.tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: data.url || '/inbox' },
    });
  // Someone looking at the console already has the bell: the system notification is for when no tab is in front.
  event.waitUntil(
    self.clients
      .matchAll({ type: 'window' })
      .then((windows) => (windows.some((w) => w.focused && w.visibilityState === 'visible') ? undefined : show())),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/inbox', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(url);
      return open
        .focus()
        .then((w) => w.navigate(url))
        .catch(() => self.clients.openWindow(url));
    }),
  );
});
