// Generates the service worker after the production build (run by build_plugin.post_build).
//   node gen-sw.mjs <static dir>
// Precaches the app shell (HTML of every route, JS, CSS, icons, manifest) and the offline data
// written by the plugin. Route HTML is precached under the route's own URL (/thu-tuc, not
// /thu-tuc/index.html), and query strings are ignored, so /nop-ho-so?ma=…&ho-so=… is served
// from the precache with the server down.
import { generateSW } from 'workbox-build';

const dir = process.argv[2];
const routeOf = (url) => {
  if (url === 'index.html') return '/';
  if (url.endsWith('/index.html')) return '/' + url.slice(0, -'/index.html'.length);
  return url;
};

const { count, size, warnings } = await generateSW({
  globDirectory: dir,
  globPatterns: ['**/*.{html,js,css,json,png,svg,ico,webmanifest,woff,woff2}'],
  // offline/ and js/ are the source modules Vite already bundled into assets/.
  globIgnores: ['sw.js', 'workbox-*.js', '**/*.gz', '404.html', '**/404/**', 'offline/**', 'js/**'],
  swDest: `${dir}/sw.js`,
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
  skipWaiting: false, // the page asks ("Có phiên bản mới — tải lại") and posts SKIP_WAITING
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: 'index.html',
  navigateFallback: '/__spa-fallback.html',
  navigateFallbackDenylist: [/^\/api\//, /^\/_event/, /^\/_upload/, /^\/ping/, /^\/_health/],
  dontCacheBustURLsMatching: /^assets\/|\.[0-9a-f]{12}\.json$/,
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  manifestTransforms: [async (entries) => ({
    // thu-tuc.html duplicates thu-tuc/index.html: keep one copy per route.
    manifest: entries
      .filter((e) => !e.url.endsWith('.html') || e.url.endsWith('index.html') || e.url === '__spa-fallback.html')
      .map((e) => ({ ...e, url: routeOf(e.url) })),
    warnings: [],
  })],
});
for (const w of warnings) console.warn(w);
console.log(`service worker: ${count} files precached, ${size} bytes`);
