// The tablet's lock as a small state machine (pure, tests/js/offline_crypto.test.mjs):
//   open ─idle for idleMs, sign-out, "Khóa máy"─▶ locked ─right PIN─▶ open
// Locking hides the screens; the key stays in memory so the outbox keeps sending. Only closing
// the app (the page's memory) drops the key: the next start is `locked` with no key.
export const DEFAULT_IDLE_MS = 5 * 60_000;
export const MIN_IDLE_MS = 1_000;
export const IDLE_KEY = 'tiepsuc.lock_idle_s';

/** The idle time from the setting (seconds, as text), else the default. */
export function idleMsOf(setting) {
  const s = Number(setting);
  return Number.isFinite(s) && s * 1000 >= MIN_IDLE_MS ? Math.round(s * 1000) : DEFAULT_IDLE_MS;
}

export const initial = (now, idleMs = DEFAULT_IDLE_MS, locked = true) => ({ locked, reason: locked ? 'start' : null, last: now, idleMs });

/** A touch, key or pointer move: the idle clock starts again (no effect while locked). */
export const activity = (s, now) => (s.locked ? s : { ...s, last: Math.max(s.last, now) });

/** When the idle lock falls due (null while locked). */
export const dueAt = (s) => (s.locked ? null : s.last + s.idleMs);

/** The clock ticked: lock when the idle time has passed. */
export const tick = (s, now) => (!s.locked && now >= s.last + s.idleMs ? { ...s, locked: true, reason: 'idle' } : s);

export const lock = (s, reason) => (s.locked ? s : { ...s, locked: true, reason });

export const unlock = (s, now) => ({ ...s, locked: false, reason: null, last: now });

export const setIdle = (s, idleMs) => ({ ...s, idleMs });
