// One owner for the device lifecycle: only the modules of assets/offline/lifecycle/store/ write the
// `drafts` and `outbox` tables. Every other browser module goes through the named operations that
// lifecycle/store.js (the public entry, which only re-exports them) offers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OWNER = 'assets/offline/lifecycle/store/';  // a folder: every module under it may write
const ENTRY = 'assets/offline/lifecycle/store.js';  // its public entry: re-exports only, scanned like the rest
const TABLE = String.raw`\.(?:drafts|outbox)\b`;
const WRITES = [
  // db.drafts.put(…), tx.outbox.bulkAdd(…), db.drafts.clear()
  new RegExp(String.raw`${TABLE}\s*\.\s*(?:put|add|update|delete|clear|modify|bulk\w+)\s*\(`),
  // db.outbox.where('draft_id').equals(id).delete() / .modify(…): a write on a query of the table
  new RegExp(String.raw`${TABLE}\s*\.\s*(?:where|filter|orderBy|toCollection|reverse|limit|offset)\b[^;]*?\.\s*(?:modify|delete)\s*\(`, 's'),
  // db.table('drafts'), db.table("outbox"): the same tables under another name
  /\btable\s*\(\s*['"`](?:drafts|outbox)['"`]\s*\)/,
  // raw IndexedDB: tx.objectStore('drafts')
  /\bobjectStore\s*\(\s*['"`](?:drafts|outbox)['"`]\s*\)/,
];

/** The writes to the drafts/outbox tables in one source text: [{line, text}]. */
export function writesIn(source) {
  const found = [];
  for (const pattern of WRITES) {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    for (const m of source.matchAll(global)) {
      found.push({ line: source.slice(0, m.index).split('\n').length, text: m[0].split('\n')[0] });
    }
  }
  return found;
}

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(?:m?js|jsx)$/.test(name) ? [path] : [];
  });
}

test('the scan finds each way of writing the tables (so the next test can fail)', () => {
  const writes = [
    'await db.drafts.put(d);', 'db.outbox.add(row)', 'db.drafts.update(id, {status})', 'tx.outbox.bulkPut(rows)',
    "db.outbox.where('state').anyOf('queued').modify({ x: 1 })", "await db.outbox.where('draft_id').equals(id).delete();",
    'db.drafts.clear()', "db.table('drafts').put(d)", "t.objectStore('outbox').add(r)",
  ];
  for (const w of writes) assert.equal(writesIn(w).length > 0, true, w);
  const reads = ["db.drafts.get(id)", "db.outbox.where('draft_id').equals(id).first()", 'db.files.put(f)', "db.outbox.toArray()"];
  for (const r of reads) assert.deepEqual(writesIn(r), [], r);
});

test('only lifecycle/store/ writes the drafts and outbox tables, anywhere in assets/', () => {
  const offenders = [];
  const ownerWrites = {};
  for (const path of sources(join(ROOT, 'assets'))) {
    const rel = relative(ROOT, path).split(sep).join('/');
    const found = writesIn(readFileSync(path, 'utf8'));
    if (rel.startsWith(OWNER)) ownerWrites[rel] = found.length;
    else offenders.push(...found.map((f) => `${rel}:${f.line}: ${f.text}`));
  }
  assert.deepEqual(offenders, [], `only ${OWNER} writes the drafts and outbox tables: call a named operation `
    + `of ${ENTRY} (or add one under ${OWNER}) instead of writing from:\n${offenders.join('\n')}`);
  const total = Object.values(ownerWrites).reduce((a, b) => a + b, 0);
  assert.ok(total >= 8, `the owner's own writes are seen by the scan (${JSON.stringify(ownerWrites)})`);
});

test("the owner's modules never import its public entry (no import circle through store.js)", () => {
  const dir = join(ROOT, OWNER);
  const modules = sources(dir);
  assert.ok(modules.length > 1, `${OWNER} holds the owner's modules`);
  const through = modules.filter((path) => /\bfrom\s*['"][^'"]*\/store\.js['"]/.test(readFileSync(path, 'utf8')));
  assert.deepEqual(through.map((path) => relative(ROOT, path)), []);
});
