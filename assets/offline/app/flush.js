// "Write what you hold now": before the page goes away on purpose (the new-version reload), every
// open wizard writes its pending draft, and the caller waits for those writes.
const EVENT = 'tiepsuc:flush';

/** Ask every listener to write now; resolves when all their writes settled. */
export async function flushAll() {
  const waits = [];
  window.dispatchEvent(new CustomEvent(EVENT, { detail: { waitUntil: (p) => waits.push(p) } }));
  await Promise.allSettled(waits);
}

/** Listen for flushAll(): `write` returns the promise of its write. → unsubscribe */
export function onFlush(write) {
  const listener = (e) => e.detail?.waitUntil?.(write());
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
