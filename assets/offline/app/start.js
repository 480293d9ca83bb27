// The app's start-up, once per page load, outside any screen: the outbox runner, the
// connectivity probe (which wakes the outbox when the server returns) and the service worker.
// Called by the entry module (screens.jsx) in the browser only; prerendering in Node skips it.
import { startSync, wakeUp } from '../sync.js';
import { device, refreshCatalog } from '../data.js';
import { startConnectivity } from './connectivity.js';
import { registerServiceWorker } from './service-worker.js';
import { keepSocketClosedOnOfflineRoutes } from './no-socket.js';
import { startLock } from './lock.js';
import { messages } from '../data.js';
import { deviceTick, startDevice } from '../devices/device.js';

let started = false;

export function startApp() {
  if (started || typeof window === 'undefined') return;
  started = true;
  // Before React starts Reflex's event loop (this runs when the page's modules are evaluated).
  keepSocketClosedOnOfflineRoutes();
  // Every page shows messages (the header's bar at least): ask now, while React is still starting.
  messages().catch(() => {});
  startLock();  // the idle lock (app/lock.js)
  startSync();
  // The connection is back: everything waiting goes now, not at its backoff time.
  window.addEventListener('online', () => { wakeUp({ poll: true }); refreshCatalog(); });
  device().catch(() => {});  // the catalog the centre publishes, held for offline use
  startConnectivity(() => { wakeUp(); deviceTick(); });
  startDevice();  // the tablet's report, its hand-overs, and a revoked tablet's wipe
  registerServiceWorker();
}
