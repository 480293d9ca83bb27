// The page side of the service worker's lifecycle, in one place (the job workbox-window does,
// in the few lines this app needs: ~0.4 KB instead of its 2.3 KB gzip on the first visit).
// The worker itself is volunteer_app/web/sw.js: an update waits until the person chooses
// "Có phiên bản mới — tải lại". On the first visit it precaches only what the offline routes
// need; a later page load under its control asks it for the rest (PRECACHE_LATER).
import { signal } from './signal.js';
import { flushAll } from './flush.js';
import { quiet } from '../data.js';

/** The installed new worker waiting to take over, or null. */
export const waitingWorker = signal(null);

let registration = null;

function watch(reg) {
  registration = reg;
  // Only an update waits with a controller in place; a first install just activates.
  if (reg.waiting && navigator.serviceWorker.controller) waitingWorker.set(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const sw = reg.installing;
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'installed' && navigator.serviceWorker.controller) waitingWorker.set(sw);
    });
  });
}

/** Register /sw.js once the page has loaded and its screen has its data (so that the precache
 * does not compete with the first visit). */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // A page the worker served: not the first visit, so the rest of the precache may come now.
  const controller = navigator.serviceWorker.controller;
  const register = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    watch(reg);
    controller?.postMessage({ type: 'PRECACHE_LATER' });
  }).catch(() => { /* dev: no sw.js */ });
  const registerWhenQuiet = () => quiet().then(register);
  if (document.readyState === 'complete') registerWhenQuiet();
  else window.addEventListener('load', registerWhenQuiet, { once: true });
  // Back online: look for a new version (navigations check too: sw.js is served no-cache).
  window.addEventListener('online', () => registration?.update().catch(() => {}));
}

/** Let every open wizard write its draft, then hand over to the new worker and reload. */
export async function applyUpdate() {
  const sw = waitingWorker.get();
  if (!sw) return;
  await flushAll();
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  sw.postMessage({ type: 'SKIP_WAITING' });
}
