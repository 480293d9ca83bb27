// The offline data the build wrote as content-hashed JSON (volunteer_app/web/build_plugin.py):
// /offline-data/manifest.json names the files; the service worker precaches all of them.
// Without a production build (dev), the same data comes from the catalog API.
//
// The catalog itself follows what the centre publishes, without a new build (issue 13): the
// device catalog (GET /api/v1/catalog/device: every summary, the definitions of the procedures
// the centre offers, each procedure's current etag) is fetched whenever the device is online
// (revalidated by ETag) and kept in Cache Storage, so the tablet keeps working offline on the
// version it holds. A definition it does not hold is fetched on demand when online. Every
// definition served is also kept under its etag, so a draft keeps the version it started on.
// The build's files remain the fallback of a device that never reached the server.
import { makeUnits } from './units.js';
import { addMessages, setCatalog } from './i18n.js';
import { readCentres } from './centres.js';
import { pinExpired } from './catalog-pins.js';

const DEVICE_URL = '/api/v1/catalog/device';
const CATALOG_CACHE = 'tiepsuc-catalog';
const pinnedUrl = (code, etag) => `/offline-catalog/${encodeURIComponent(code)}/${encodeURIComponent(etag)}.json`;

const cache = new Map();
const once = (key, fn) => {
  if (!cache.has(key)) cache.set(key, fn().catch((err) => { cache.delete(key); throw err; }));
  return cache.get(key);
};

let inFlight = 0;
const waiting = new Set();
const QUIET_MS = 250;
function wakeIfQuiet() {
  if (inFlight) return;
  for (const resolve of waiting) resolve();
  waiting.clear();
}

/** fetch(), counted for quiet() below. */
async function tracked(url, init, started = null) {
  inFlight += 1;
  try {
    return await (started || fetch(url, init));
  } finally {
    inFlight -= 1;
    if (!inFlight) setTimeout(wakeIfQuiet, QUIET_MS);
  }
}

async function json(url) {
  const res = await tracked(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

/**
 * Resolves once no data file has been loading for QUIET_MS: the screen has what it shows (a
 * screen's loads follow each other within that time). The service worker is registered then, so
 * on a slow link its precache does not compete with the first screen's data.
 */
export const quiet = () => new Promise((resolve) => {
  waiting.add(resolve);
  setTimeout(wakeIfQuiet, QUIET_MS);
});

export const manifest = () => once('manifest', () => (early('manifest') || json('/offline-data/manifest.json')).catch(() => null));

const store = async () => {
  try { return typeof caches === 'undefined' ? null : await caches.open(CATALOG_CACHE); } catch { return null; }
};

async function held(url) {
  const cache = await store();
  const res = cache && await cache.match(url).catch(() => null);
  return res ? res.json() : null;
}

async function keep(url, body) {
  const cache = await store();
  if (!cache) return;
  await cache.put(url, new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }))
    .catch(() => {});
}

function deviceQuery() {
  const centres = readCentres();
  return centres.length === 1 ? `?centre=${encodeURIComponent(centres[0].code)}` : '';
}

let lastDevice = null;

/** The device catalog: fresh from the server when online, else the copy the device holds (or null). */
/** What the page's inline script asked for while the scripts loaded (pages/offline.py), taken once. */
function early(key) {
  const all = typeof window !== 'undefined' ? window.__tiepsucEarly : null;
  if (!all || !all[key]) return null;
  const value = all[key];
  all[key] = null;
  return value;
}

/** The device catalog's answer the page asked for, when its URL is the one data.js would ask. */
function earlyAnswer(url) {
  const asked = early('device');
  return asked && asked.url === url && asked.response ? asked.response : null;
}

export const device = () => once('device', async () => {
  try {
    const url = DEVICE_URL + deviceQuery();
    const early = earlyAnswer(url);
    const res = await (early ? tracked(url, null, early) : tracked(url, { cache: 'no-cache', credentials: 'same-origin' }));
    if (res.ok) {
      const body = await res.json();
      await keep(DEVICE_URL, body);
      lastDevice = body;
      return body;
    }
  } catch { /* offline or the server is down: what the device holds */ }
  lastDevice = await held(DEVICE_URL);
  return lastDevice;
});

/** Whether a draft pinned to `pin` must move to the current version (see catalog-pins.js). */
export const draftPinExpired = async (code, pin) => pinExpired(await device().catch(() => null), code, pin);

/** The months the keep consent states (the server's KEPT_DATA_MONTHS), or null before any read. */
export const heldKeptMonths = () => lastDevice?.kept_months ?? null;

/** The province of the centre whose catalog the device holds (its fees apply), or null. */
export const heldProvince = () => lastDevice?.province_code || null;

/** Forget what this page read, so the next read asks the server again (the device is back online). */
export function refreshCatalog() {
  for (const key of [...cache.keys()]) if (key === 'device' || key === 'summaries' || key.startsWith('p:')) cache.delete(key);
  return device().catch(() => null);
}

const withEtag = (definition, etag) => (definition && etag ? { ...definition, etag } : definition);

async function onDemand(code) {
  try {
    const res = await tracked(`/api/v1/procedures/${encodeURIComponent(code)}`, { cache: 'no-cache', credentials: 'same-origin' });
    if (!res.ok) return null;
    return withEtag(await res.json(), (res.headers.get('ETag') || '').replace(/^W\//, '').replace(/"/g, ''));
  } catch {
    return null;
  }
}

export const messages = () => once('messages', async () => {
  const m = await manifest();
  const data = m ? await json(m.messages) : {};
  setCatalog(data);
  return data;
});

/** Messages only a screen loaded on demand shows ('messages_scan'): the build's file of them. */
export const partMessages = (part) => once(part, async () => {
  const m = await manifest();
  if (m?.[part]) addMessages(await json(m[part]));
});

export const summaries = () => once('summaries', async () => {
  const d = await device().catch(() => null);
  if (d && Array.isArray(d.summaries)) return d.summaries;
  const m = await manifest();
  if (m) return json(m.summaries);
  return (await json('/api/v1/procedures')).items;
});

async function fromBuild(code) {
  const m = await manifest();
  if (m) {
    const url = m.procedures[code];
    return url ? json(url).catch(() => null) : null;
  }
  return null;
}

/**
 * The build's copy of a definition, asked at once: { url, body } (body: a promise), or null. The
 * build names each file by the first 12 characters of the definition's etag
 * (build_plugin.write_offline_data); the file is content-hashed, so the HTTP cache keeps it and
 * the service worker's install takes it from there.
 */
async function askBuildCopy(code) {
  const asked = early('procedure');
  if (asked && asked.code === code) {
    const copy = await asked.copy.catch(() => null);
    if (copy) return { url: copy.url, body: copy.body.catch(() => null) };
  }
  const m = await manifest().catch(() => null);
  const url = m?.procedures?.[code];
  return url ? { url, body: json(url).catch(() => null) } : null;
}

/** That copy when it is the version `etag` names, else null. */
async function buildCopyAt(asked, etag) {
  const copy = await asked;
  if (!copy || !etag || !copy.url.endsWith(`.${etag.slice(0, 12)}.json`)) return null;
  return withEtag(await copy.body, etag);
}

/**
 * A procedure's definition (with its `etag`). `pin`: the etag a draft started on; while the device
 * holds that version, the draft keeps it.
 */
export const procedure = (code, pin = '') => once(`p:${code}:${pin || ''}`, async () => {
  // A new draft: the build's copy is asked while the device catalog is on its way (one round trip
  // instead of two on a first visit); it is used only if it is the version the catalog names.
  const asked = pin ? null : askBuildCopy(code);
  const d = await device().catch(() => null);
  const current = d?.etags?.[code];
  // A pin past the centre's grace days is not kept: the wizard moves such a draft to the current version.
  if (pin && pin !== current && !pinExpired(d, code, pin)) {
    const kept = await held(pinnedUrl(code, pin));
    if (kept) return kept;
  }
  let def = d?.definitions?.[code] ? withEtag(d.definitions[code], current) : null;
  if (!def && asked) def = await buildCopyAt(asked, current);
  if (!def) def = await onDemand(code);
  if (!def) def = current ? await held(pinnedUrl(code, current)) : null;
  if (!def) def = await fromBuild(code);
  if (def?.etag) await keep(pinnedUrl(code, def.etag), def);
  return def;
});

export const units = () => once('units', async () => {
  const m = await manifest();
  return makeUnits(await json(m ? m.admin_units : '/api/v1/admin-units'));
});
