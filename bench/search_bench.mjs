// Browser-side search timing under node (assets/js/catalog/search.js), driven by search_bench.py:
//   node bench/search_bench.mjs input.json  ->  {"build_ms", "p50_ms", "p95_ms", "results"}
// input.json: {"procedures": [...list items...], "queries": [...], "results": true|false}
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { buildIndex, search } from '../assets/js/catalog/search.js';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const started = performance.now();
const index = buildIndex(input.procedures);
const buildMs = performance.now() - started;
for (const q of input.queries.slice(0, 50)) search(index, q); // warm the JIT like a page in use
const times = [];
const results = [];
for (const q of input.queries) {
  const t0 = performance.now();
  const codes = search(index, q);
  times.push(performance.now() - t0);
  if (input.results) results.push(codes);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
process.stdout.write(JSON.stringify({ build_ms: buildMs, p50_ms: pct(50), p95_ms: pct(95), results }));
