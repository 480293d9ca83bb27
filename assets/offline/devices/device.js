// This tablet in the centre's device register (issue 16, docs/devices-protocol.md): its id and
// name (IndexedDB `meta`, key "device"), its report to the server when online (counts and
// versions only, never personal data), and what a revoked tablet does: delete its data
// (lifecycle/store.wipeAll) and say why. Started by app/start.js; nothing runs at import.
import { db } from '../db.js';
import * as data from '../data.js';
import { uuid4 } from '../model.js';
import { waitingSummary, wipeAll } from '../lifecycle/store.js';
import { forgetSession, readSession } from '../session.js';
import { signal } from '../app/signal.js';
import { checkOutgoing, collectIncoming } from './transfer.js';

const KEY = 'device';
export const REVOKED_KEY = 'tiepsuc.revoked';
export const REPORT_EVERY_MS = 60_000;

/** The revoked notice ({name, at}) while it is to be shown, else null. */
export const revokedNotice = signal(null);

function csrf() {
  const m = typeof document !== 'undefined' && document.cookie.match(/(?:^|;\s*)ts_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

const clean = (s, n) => String(s || '').replace(/[^A-Za-z0-9._+:-]/g, '').slice(0, n);

/** This tablet's registration {id, name, registered_at}, or null (never named yet, or wiped). */
export const readDevice = () => db.meta.get(KEY).then((r) => (r && r.id ? r : null)).catch(() => null);

/** Name this tablet (the signed-in volunteer's session is bound to it). → {ok, status, detail}. */
export async function registerDevice(name) {
  const id = (await readDevice())?.id || uuid4();
  let res;
  try {
    res = await fetch('/api/v1/devices', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: JSON.stringify({ id, name: String(name || '').normalize('NFC').trim() }),
    });
  } catch {
    return { ok: false, status: 0, detail: null };
  }
  const body = await res.json().catch(() => null);
  if (res.status === 410) { await wipeDevice((await readDevice())?.name || name); return { ok: false, status: 410, detail: body?.detail }; }
  if (!res.ok) return { ok: false, status: res.status, detail: body?.detail };
  await db.meta.put({ key: KEY, id, name: body.name, registered_at: Date.now() });
  return { ok: true, status: res.status, detail: null };
}

/** The report's body (counts and versions only). */
export async function reportBody(device, now = Date.now()) {
  const counts = await waitingSummary(now);
  const manifest = await data.manifest().catch(() => null);
  const catalog = await data.device().catch(() => null);
  let usage = null; let quota = null; let persisted = null;
  try {
    if (navigator.storage?.estimate) ({ usage, quota } = await navigator.storage.estimate());
    if (navigator.storage?.persisted) persisted = await navigator.storage.persisted();
  } catch { /* not offered */ }
  return {
    device_id: device.id, waiting: counts.waiting, oldest_queued_age_s: counts.oldest_queued_age_s,
    app_version: clean(manifest?.version, 40), catalog_version: clean(catalog?.version, 64),
    storage_used: Number.isFinite(usage) ? Math.round(usage) : null,
    storage_quota: Number.isFinite(quota) ? Math.round(quota) : null, persisted,
  };
}

/**
 * A revoked tablet: delete drafts, files, outbox, the registration and the app's localStorage,
 * tell the server (for the dashboard), and keep only the notice of why.
 */
export async function wipeDevice(name) {
  const device = await readDevice();
  await wipeAll();
  forgetSession();
  const notice = { name: name || device?.name || '', at: Date.now() };
  try { localStorage.setItem(REVOKED_KEY, JSON.stringify(notice)); } catch { /* no storage */ }
  revokedNotice.set(notice);
  if (device) {
    fetch('/api/v1/devices/wiped', { method: 'POST', headers: { 'Content-Type': 'application/json' }, cache: 'no-store',
      credentials: 'omit', body: JSON.stringify({ device_id: device.id }) }).catch(() => {});
  }
  if (typeof window !== 'undefined') window.__tiepsucWiped = notice;
}

export function dismissNotice() {
  try { localStorage.removeItem(REVOKED_KEY); } catch { /* ignore */ }
  revokedNotice.set(null);
}

/**
 * Report now (registered tablets only). → 'ok' | 'revoked' | 'unknown' | 'signed_out' | 'offline' | 'failed'.
 * A 410 is the server saying the tablet was revoked, signed in or not: the data goes.
 */
export async function reportNow() {
  const device = await readDevice();
  if (!device) return 'unknown';
  const body = await reportBody(device);
  const headers = { 'Content-Type': 'application/json' };
  if (csrf()) headers['X-CSRF-Token'] = csrf();
  let res;
  try {
    res = await fetch('/api/v1/devices/report', { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return 'offline';
  }
  if (res.status === 410) { await wipeDevice(device.name); return 'revoked'; }
  if (res.status === 404) { await db.meta.delete(KEY).catch(() => {}); return 'unknown'; }
  if (res.status === 401) return 'signed_out';
  return res.ok ? 'ok' : 'failed';
}

let timer = null;
let running = null;

/** One round: the report, then the hand-overs of a signed-in volunteer (devices/transfer.js). */
export function deviceTick() {
  if (running) return running;
  running = (async () => {
    const outcome = await reportNow();
    if (outcome === 'ok' && readSession()) {
      await collectIncoming().catch(() => {});
      await checkOutgoing().catch(() => {});
    }
    if (typeof window !== 'undefined') window.__tiepsucDeviceTick = { outcome, at: Date.now() };
    return outcome;
  })().finally(() => { running = null; });
  return running;
}

/** Start once per page (app/start.js): now, on `online`, and every minute. */
export function startDevice() {
  if (timer || typeof window === 'undefined') return;
  try { revokedNotice.set(JSON.parse(localStorage.getItem(REVOKED_KEY) || 'null')); } catch { /* ignore */ }
  deviceTick();
  window.addEventListener('online', () => deviceTick());
  timer = setInterval(() => { if (navigator.onLine) deviceTick(); }, REPORT_EVERY_MS);
}
