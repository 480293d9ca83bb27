// Parity of the browser catalogue search/text helpers with Python, via tests/vectors/{text,search}_*.json.
// Run: node --test tests/js/catalog.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { fold, words, sortKey, compareVi, nfc } from "../../assets/js/catalog/text.js";
import { buildIndex, search } from "../../assets/js/catalog/search.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const vector = (name) => JSON.parse(readFileSync(join(ROOT, "tests", "vectors", name), "utf8"));

test("fold and words match the Python vectors", () => {
  for (const c of vector("text_fold.json").cases) {
    assert.equal(fold(c.input), c.fold, `fold(${JSON.stringify(c.input)})`);
    assert.deepEqual(words(c.input), c.words, `words(${JSON.stringify(c.input)})`);
  }
});

test("sortKey orders like Vietnamese collation and matches Python keys", () => {
  const v = vector("text_sort.json");
  for (const l of v.lists) assert.deepEqual([...l.input].sort(compareVi), l.sorted);
  for (const [a, b] of v.equal) assert.equal(sortKey(a), sortKey(b), `${a} vs ${b}`);
  for (const k of v.keys) assert.equal(sortKey(k.input), k.key);
});

test("fold is idempotent and NFC/NFD-blind", () => {
  for (const c of vector("text_fold.json").cases) {
    assert.equal(fold(fold(c.input)), fold(c.input));
    assert.equal(fold(c.input.normalize("NFD")), fold(nfc(c.input)));
  }
});

test("search over the fixture catalogue matches Python", () => {
  const v = vector("search_fixture.json");
  const index = buildIndex(v.procedures);
  for (const c of v.cases) assert.deepEqual(search(index, c.query), c.expect, `query ${JSON.stringify(c.query)}`);
});

test("search over the shipped catalogue puts the expected procedure first", () => {
  const dir = join(ROOT, "volunteer_app", "catalog", "procedures");
  const procedures = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
  const index = buildIndex(procedures);
  for (const c of vector("search_catalog.json").cases) {
    const got = search(index, c.query);
    assert.equal(got[0] ?? null, c.first, `query ${JSON.stringify(c.query)}`);
  }
});

test("limit truncates", () => {
  const index = buildIndex(vector("search_fixture.json").procedures);
  assert.equal(search(index, "", 2).length, 2);
});

test("commune picker matches Python (search_admin_units.json)", async () => {
  const { loadAdminUnits, stripUnitPrefixes } = await import("../../assets/js/catalog/admin_units.js");
  const payload = JSON.parse(readFileSync(join(ROOT, "volunteer_app", "catalog", "admin_units.json"), "utf8"));
  const units = loadAdminUnits(payload);
  const v = vector("search_admin_units.json");
  assert.equal(units.provinces.length, 34);
  assert.equal(units.communes.length, 3321);
  assert.equal(payload.version, v.data_version);
  for (const c of v.strip) assert.deepEqual(stripUnitPrefixes(c.input), c.expect, c.input);
  for (const c of v.exists) assert.equal(units.exists(c.province, c.commune), c.expect);
  for (const c of v.cases) {
    const got = units.search(c.query, { province: c.province, limit: 10 }).map((x) => x.code);
    assert.deepEqual(got, c.expect, `query ${JSON.stringify(c.query)} province ${c.province}`);
  }
  assert.equal(units.label("25747"), "Phường Thủ Dầu Một, Thành phố Hồ Chí Minh");
});
