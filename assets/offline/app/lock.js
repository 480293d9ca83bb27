// The tablet's lock (crypto/lock-timer.js is the state machine): idle for the set time (default
// 5 minutes; localStorage "tiepsuc.lock_idle_s", the setting on the drafts screen), or "Khóa máy",
// locks the screens. Open wizards write what they hold first (app/flush.js), then the lock gate
// (lock-gate.jsx) unmounts every screen. The keys stay in memory: the outbox keeps sending; the
// tab's carried key (crypto/tab-carry.js) goes, so a reload asks for the PIN.
// Activity only moves a timestamp; the signal changes only when the lock does.
import * as timer from '../crypto/lock-timer.js';
import { forgetTab } from '../crypto/tab-carry.js';
import { flushAll } from './flush.js';
import { signal } from './signal.js';

/** {locked, reason}: what the lock gate shows. */
export const lockState = signal({ locked: false, reason: null });

let state = timer.initial(Date.now(), timer.DEFAULT_IDLE_MS, false);
let wake = null;
let started = false;

function readIdleMs() {
  try { return timer.idleMsOf(localStorage.getItem(timer.IDLE_KEY)); } catch { return timer.DEFAULT_IDLE_MS; }
}

export const idleSeconds = () => Math.round(readIdleMs() / 1000);

/** The idle time, in seconds (the setting). */
export function setIdleSeconds(seconds) {
  try { localStorage.setItem(timer.IDLE_KEY, String(seconds)); } catch { /* private mode */ }
  state = timer.setIdle(state, readIdleMs());
  arm();
}

function arm() {
  clearTimeout(wake);
  const due = timer.dueAt(state);
  if (due === null) return;
  wake = setTimeout(onWake, Math.max(50, due - Date.now()));
}

function onWake() {
  const next = timer.tick(state, Date.now());
  if (next.locked && !state.locked) { lockNow('idle'); return; }
  state = next;
  arm();
}

/** Lock now (idle, "Khóa máy", sign-out). */
export async function lockNow(reason = 'manual') {
  if (state.locked) return;
  state = timer.lock(state, reason);
  clearTimeout(wake);
  forgetTab();  // a reload while locked asks for the PIN (crypto/tab-carry.js)
  await flushAll().catch(() => {});
  lockState.set({ locked: true, reason });
}

/** The right PIN was typed. */
export function unlocked() {
  state = timer.unlock(state, Date.now());
  lockState.set({ locked: false, reason: null });
  arm();
}

const onActivity = () => { state = timer.activity(state, Date.now()); };

export function startLock() {
  if (started || typeof window === 'undefined') return;
  started = true;
  state = timer.initial(Date.now(), readIdleMs(), false);
  for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input']) {
    window.addEventListener(type, onActivity, { capture: true, passive: true });
  }
  window.addEventListener('storage', (e) => { if (e.key === timer.IDLE_KEY) { state = timer.setIdle(state, readIdleMs()); arm(); } });
  arm();
}
