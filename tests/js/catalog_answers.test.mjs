// The browser validator accepts the generated answers of every structured procedure (tests/vectors/catalog_answers.json,
// made by tests/support/catalog_answers.py): same verdict as the server's Python rules.
// Run: node --test tests/js/catalog_answers.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { validate } from '../../assets/js/rules/validate.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'catalog_answers.json'), 'utf8'));

test('every structured procedure has generated answers', () => {
  assert.ok(vectors.cases.length >= 55, `only ${vectors.cases.length} structured procedures`);
});

for (const c of vectors.cases) {
  test(`the JS validator accepts the answers of ${c.code}`, () => {
    const procedure = JSON.parse(readFileSync(join(ROOT, 'volunteer_app', 'catalog', 'procedures', `${c.code}.json`), 'utf8'));
    assert.deepEqual(validate(procedure, c.answers, vectors.today), []);
  });
}
