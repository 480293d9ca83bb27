// Tiếp Sức's service worker, on Workbox's own modules (workbox-sw loads workbox-core, -strategies,
// -routing and -precaching from this origin, /workbox-v7/, copied there by the build and precached
// at install like the rest). The build plugin (volunteer_app/web/build_plugin.py) writes it to
// /sw.js with the precache lists in place of PRECACHE below; docs/architecture.md, "Service worker".
//
// - install: the `install` list (what the offline routes need: their pages, their code, the
//   offline data, Workbox itself), fetched SIX AT A TIME (see `fill`), with the definitions of the
//   procedures open pages show and, when the page kept no device catalog, the build's summaries. An entry already cached
//   under the same key (an update that did not change it) is not fetched again. One failed fetch
//   fails the install; the browser retries.
// - later: the rest (the online pages and their code, code loaded on demand, the procedures'
//   definitions but those an open page shows, added to the install), fetched four at a time when
//   a page that this worker already controls asks (PRECACHE_LATER), i.e. after the first visit.
// - activate: each controller drops the entries its list no longer names; the caches of earlier
//   workers go; the worker takes control of the open pages.
// - fetch: a precached URL (query string ignored, `/x/` and `/x/index.html` are `/x`) from its
//   cache, else the network; any other navigation gets the SPA fallback page (except the server's
//   own paths), so a route works offline. Everything else goes to the network untouched.
// - message SKIP_WAITING: the page's "Có phiên bản mới — tải lại" (assets/offline/app/service-worker.js).
const PRECACHE = { install: [], later: [] }; // replaced by the build
const WORKBOX = '/workbox-v7'; // replaced by the build (the vendored version's folder)

importScripts(`${WORKBOX}/workbox-sw.js`);
workbox.setConfig({ modulePathPrefix: WORKBOX, debug: false });
const { PrecacheController, PrecacheRoute } = workbox.precaching; // loads -core, -strategies, -routing
const { registerRoute, NavigationRoute } = workbox.routing;

const FALLBACK = '/__spa-fallback.html';
const NOT_PAGES = [/^\/api\//, /^\/_event/, /^\/_upload/, /^\/ping/, /^\/_health/];
const OLD_CACHES = /^(workbox-precache|tiepsuc-precache)/;
const REVISIONED = new Set([...PRECACHE.install, ...PRECACHE.later].filter((e) => e.revision).map((e) => new URL(e.url, location).href));

const install = new PrecacheController({ cacheName: 'tiepsuc-precache-install' });
// A page of the later list not cached yet, with the network down: the SPA fallback.
const offlinePage = { handlerDidError: ({ request }) => (request.mode === 'navigate' ? install.matchPrecache(FALLBACK) : undefined) };
const later = new PrecacheController({ cacheName: 'tiepsuc-precache-later', plugins: [offlinePage] });
install.addToCacheList(PRECACHE.install);
later.addToCacheList(PRECACHE.later);

// Workbox's own install() runs `strategy.handleAll({event, request, params: {cacheKey}})` for each
// entry ONE AT A TIME (workbox#2528: 31 s offline-ready on 3G); `fill` does the same SIX at a time
// (about 13 s). Revisioned files are revalidated ('no-cache': the server answers 304 for what the
// page already loaded; Workbox's 'reload' would download them again); hashed names never change,
// the HTTP cache may answer. PrecacheStrategy skips what its cache already holds.
const requestOf = (url) => new Request(url, { cache: REVISIONED.has(url) ? 'no-cache' : 'default', credentials: 'same-origin' });
async function lanes(todo, width, step) {
  const lane = async () => { for (let job = todo.shift(); job; job = todo.shift()) await step(...job); };
  await Promise.all(Array.from({ length: Math.min(width, todo.length) }, lane));
}
const fill = (controller, urls, event) => lanes([...controller.getURLsToCacheKeys()].filter(([url]) => !urls || urls.includes(url)), 6,
  (url, cacheKey) => Promise.all(controller.strategy.handleAll({ event, request: requestOf(url), params: { cacheKey } })));

// The procedures an open page shows (/nop-ho-so?ma=CODE, /thu-tuc/chi-tiet?ma=CODE): their
// definitions (later list) are fetched at install; the catalog's other definitions come later.
const PROCEDURE_PAGES = /^\/(nop-ho-so|thu-tuc\/chi-tiet)(\/|\/index\.html)?$/;
async function openProcedures() {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const codes = pages.map((client) => new URL(client.url)).filter((url) => PROCEDURE_PAGES.test(url.pathname))
    .map((url) => url.searchParams.get('ma')).filter(Boolean);
  return PRECACHE.later.filter((e) => codes.some((code) => e.url.startsWith(`/offline-data/procedure-${code}.`)))
    .map((e) => new URL(e.url, location).href);
}

// The catalog's summaries: the device catalog the page keeps (assets/offline/data.js) carries them
// all, so the build's copy (later list) is fetched at install only when the page kept none.
const DEVICE_CATALOG = '/api/v1/catalog/device';
async function summariesIfNoCatalog() {
  const held = await caches.open('tiepsuc-catalog').then((c) => c.match(DEVICE_CATALOG)).catch(() => null);
  return held ? [] : PRECACHE.later.filter((e) => e.url.startsWith('/offline-data/summaries.')).map((e) => new URL(e.url, location).href);
}

self.addEventListener('install', (event) => {
  event.waitUntil(Promise.all([openProcedures(), summariesIfNoCatalog()])
    .then(([open, summaries]) => Promise.all([fill(install, null, event), fill(later, [...open, ...summaries], event)])));
});

self.addEventListener('activate', (event) => {
  install.activate(event);
  later.activate(event);
  const mine = [install.strategy.cacheName, later.strategy.cacheName];
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => OLD_CACHES.test(n) && !mine.includes(n)).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// `/x/` and `/x/index.html` are the page `/x` (its own URL, served without a redirect).
const asPage = ({ url }) => {
  const page = new URL(url.pathname.replace(/\/(index\.html)?$/, '') || '/', url);
  return page.href === url.href ? [] : [page];
};
const routeOptions = { ignoreURLParametersMatching: [/.*/], cleanURLs: true, directoryIndex: 'index.html', urlManipulation: asPage };
registerRoute(new PrecacheRoute(install, routeOptions));
registerRoute(new PrecacheRoute(later, routeOptions));
registerRoute(new NavigationRoute(install.createHandlerBoundToURL(FALLBACK), { denylist: NOT_PAGES }));

// The later list, four at a time, outside an install: the public StrategyHandler (what handleAll
// uses) fetches and stores each entry not cached yet; a failure leaves it for the next visit.
async function store(event, url, cacheKey) {
  const handler = new workbox.strategies.StrategyHandler(later.strategy, { event, request: requestOf(url), params: { cacheKey } });
  try {
    if (!(await handler.cacheMatch(url))) await handler.fetchAndCachePut(requestOf(url));
    await handler.doneWaiting();
  } catch { /* retried on the next visit */ } finally { handler.destroy(); }
}

let pending = null;
self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'PRECACHE_LATER') {
    pending = pending || lanes([...later.getURLsToCacheKeys()], 4, (url, key) => store(event, url, key)).finally(() => { pending = null; });
    event.waitUntil(pending);
  }
});
