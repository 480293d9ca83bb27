// Tiếp Sức's service worker. The build plugin (volunteer_app/web/build_plugin.py) writes it to
// /sw.js with the precache lists in place of PRECACHE below; docs/architecture.md, "Service worker".
//
// - install: the `install` list (what the offline routes need: their pages, their code, the
//   offline data), fetched SIX AT A TIME (Workbox 7 fetches one URL at a time: 31 s instead of
//   about 13 s on a 3G link). An entry already cached under the same key (an update that did not
//   change it) is not fetched again. One failed fetch fails the install; the browser retries.
// - later: the rest (the online pages and their code, code loaded on demand, the procedures'
//   definitions but those an open page shows, added to the install), fetched four at a time when
//   a page that this worker already controls asks (PRECACHE_LATER), i.e. after the first visit.
// - activate: drop the entries no list names and the caches of earlier workers (Workbox's too),
//   then take control of the open pages.
// - fetch: a precached URL (query string ignored, `/x/` and `/x/index.html` are `/x`) from the
//   cache, else the network; any other navigation gets the SPA fallback page (except the server's
//   own paths), so a route works offline. Everything else goes to the network untouched.
// - message SKIP_WAITING: the page's "Có phiên bản mới — tải lại" (assets/offline/app/service-worker.js).
const PRECACHE = { install: [], later: [] }; // replaced by the build

const CACHE = 'tiepsuc-precache-v1';
const OLD_CACHES = /^(workbox-precache|tiepsuc-precache-)/;
const FALLBACK = '/__spa-fallback.html';
const NOT_PAGES = [/^\/api\//, /^\/_event/, /^\/_upload/, /^\/ping/, /^\/_health/];

const keyOf = (entry) => (entry.revision ? `${entry.url}?__rev=${entry.revision}` : entry.url);
const ALL = [...PRECACHE.install, ...PRECACHE.later];
const KEYS = new Map(ALL.map((entry) => [entry.url, keyOf(entry)]));

function pathOf(url) {
  let path = url.pathname;
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

// A redirected response cannot answer a navigation: keep its body and headers only.
async function storable(res) {
  if (!res.redirected) return res;
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Cache every entry of `list` not cached yet, `width` fetches at a time. */
async function fill(list, width, strict) {
  const cache = await caches.open(CACHE);
  const todo = [];
  for (const entry of list) if (!(await cache.match(keyOf(entry)))) todo.push(entry);
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const entry = todo[next++];
      try {
        // Revisioned files (pages, manifests, icons) are revalidated: the server answers 304 for
        // what the page already loaded. Hashed names never change: the HTTP cache may answer.
        const res = await fetch(entry.url, { cache: entry.revision ? 'no-cache' : 'default', credentials: 'same-origin' });
        if (!res.ok) throw new Error(`precache ${entry.url}: HTTP ${res.status}`);
        await cache.put(keyOf(entry), await storable(res));
      } catch (err) {
        if (strict) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, todo.length) }, lane));
}

// The procedures an open page shows (/nop-ho-so?ma=CODE, /thu-tuc/chi-tiet?ma=CODE): their
// definitions join the install list; the catalog's other definitions come later.
const PROCEDURE_PAGES = ['/nop-ho-so', '/thu-tuc/chi-tiet'];
async function openProcedures() {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const codes = pages.map((client) => new URL(client.url))
    .filter((url) => PROCEDURE_PAGES.includes(pathOf(url))).map((url) => url.searchParams.get('ma')).filter(Boolean);
  return PRECACHE.later.filter((entry) => codes.some((code) => entry.url.startsWith(`/offline-data/procedure-${code}.`)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(openProcedures().then((open) => fill([...PRECACHE.install, ...open], 6, true)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const wanted = new Set(ALL.map((entry) => new URL(keyOf(entry), self.location.origin).href));
    const cache = await caches.open(CACHE);
    for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
    for (const name of await caches.keys()) if (name !== CACHE && OLD_CACHES.test(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function cachedOrNetwork(key, request) {
  const hit = key ? await caches.match(key, { cacheName: CACHE }) : undefined;
  return hit || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = KEYS.get(pathOf(url));
  if (request.mode !== 'navigate') {
    if (key) event.respondWith(cachedOrNetwork(key, request));
  } else if (key) {
    // A page of the later list not cached yet, with the network down: the SPA fallback.
    event.respondWith(cachedOrNetwork(key, request).catch(() => cachedOrNetwork(KEYS.get(FALLBACK), request)));
  } else if (!NOT_PAGES.some((re) => re.test(url.pathname))) {
    event.respondWith(cachedOrNetwork(KEYS.get(FALLBACK), request));
  }
});

let later = null;
self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'PRECACHE_LATER') {
    later = later || fill(PRECACHE.later, 4, false).finally(() => { later = null; });
    event.waitUntil(later);
  }
});
