// The browser modules import one way: no circles anywhere under assets/ (a widget that needs the
// field dispatcher gets it passed in, as fields/group.jsx does).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(?:m?js|jsx)$/.test(name) ? [path] : [];
  });
}

/** Import cycles in a graph {module: [modules it imports]}, each as a list of modules. */
export function cycles(graph) {
  const found = [];
  const done = new Set();
  const visit = (node, path) => {
    const at = path.indexOf(node);
    if (at >= 0) { found.push(path.slice(at)); return; }
    if (done.has(node)) return;
    for (const next of graph[node] || []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of Object.keys(graph)) visit(node, []);
  return found;
}

test('the cycle finder finds a circle (so the next test can fail)', () => {
  assert.deepEqual(cycles({ a: ['b'], b: ['c'], c: ['a'] }), [['a', 'b', 'c']]);
  assert.deepEqual(cycles({ a: ['b', 'c'], b: ['c'], c: [] }), []);
});

test('no import circles among the browser modules', () => {
  const graph = {};
  for (const path of sources(join(ROOT, 'assets'))) {
    const text = readFileSync(path, 'utf8');
    graph[relative(ROOT, path)] = [...text.matchAll(IMPORT)].map((m) => relative(ROOT, normalize(join(dirname(path), m[1]))));
  }
  assert.ok(Object.keys(graph).length > 60);
  assert.deepEqual(cycles(graph), []);
});
