// Is the app's server reachable? `navigator.onLine` plus a probe of GET /api/v1/health on start,
// on the `online` event and every 30 s: a dead server behind a live network counts as offline.
// When the server comes back after a failure, the outbox is woken (sync.wakeUp).
import { signal } from './signal.js';

export const PROBE_EVERY_MS = 30_000;

/** A health answer that shows the server is there (a 503 is a server saying it is busy). */
export const healthUp = (status) => (status > 0 && status < 500) || status === 503;

/**
 * The connection bar's state: offline; syncing while rows are sent; held when every waiting row
 * waits for its volunteer's sign-in (those are not "being sent"); else online.
 */
export function barState(online, pending, held) {
  if (!online) return 'offline';
  if (pending > held) return 'syncing';
  return held > 0 ? 'held' : 'online';
}

export const online = signal(true);

async function serverReachable() {
  try {
    const res = await fetch('/api/v1/health', { cache: 'no-store' });
    return healthUp(res.status);
  } catch {
    return false;
  }
}

/** Start probing (once per page, app/start.js); `onBack` runs when the server returns. */
export function startConnectivity(onBack) {
  let wasOk = null;
  const probe = async () => {
    const ok = navigator.onLine && await serverReachable();
    online.set(ok);
    if (ok && wasOk === false) onBack();  // send now, not at the backoff time
    wasOk = ok;
  };
  online.set(navigator.onLine);
  probe();
  window.addEventListener('online', probe);
  window.addEventListener('offline', () => online.set(false));
  setInterval(probe, PROBE_EVERY_MS);
}
