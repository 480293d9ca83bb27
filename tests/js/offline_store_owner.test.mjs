// One owner for the device lifecycle: only assets/offline/lifecycle/store.js writes the `drafts`
// and `outbox` tables. Every other browser module goes through its named operations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OWNER = 'assets/offline/lifecycle/store.js';
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

test('only lifecycle/store.js writes the drafts and outbox tables, anywhere in assets/', () => {
  const offenders = [];
  let ownerWrites = 0;
  for (const path of sources(join(ROOT, 'assets'))) {
    const rel = relative(ROOT, path);
    const found = writesIn(readFileSync(path, 'utf8'));
    if (rel === OWNER) ownerWrites = found.length;
    else offenders.push(...found.map((f) => `${rel}:${f.line}: ${f.text}`));
  }
  assert.deepEqual(offenders, []);
  assert.ok(ownerWrites >= 8, `the owner's own writes are seen by the scan (${ownerWrites})`);
});
