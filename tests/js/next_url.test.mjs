// Where sign-in goes next (assets/online/next-url.js): only a target on this site, as the
// browser's URL parser reads it. The same vectors run against Python (tests/api/test_next_url.py).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nextOr, sameOriginPath } from '../../assets/online/next-url.js';

const VECTORS = JSON.parse(readFileSync(new URL('../vectors/next_url.json', import.meta.url), 'utf8'));

test('every vector resolves as recorded', () => {
  for (const { origin, next, path } of VECTORS.cases) {
    assert.equal(sameOriginPath(next, origin), path, `${JSON.stringify(next)} on ${origin}`);
  }
});

test('the attacks of issue 12 fall back to the role home', () => {
  const origin = 'http://127.0.0.1:4102';
  for (const next of ['/\t/evil.example/', '/\n/evil.example/', '//evil.example', '/\\evil.example', 'https:evil.example',
    'javascript:alert(1)', '///evil.example', ' //evil.example']) {
    assert.equal(nextOr(next, origin, '/can-bo'), '/can-bo', JSON.stringify(next));
  }
  assert.equal(nextOr('/can-bo/ho-so?ma=1', origin, '/tnv'), '/can-bo/ho-so?ma=1');
  assert.equal(nextOr('', origin, '/tnv'), '/tnv');
});

test('what it returns can only be read as a path of this site', () => {
  // "/.//evil.example" resolves on this site to the path "//evil.example", which read again as a
  // URL would name the host evil.example: the leading slashes are folded.
  for (const { origin, path } of VECTORS.cases.filter((c) => c.path !== null)) {
    assert.match(path, /^\/(?![/\\])/);
    assert.equal(new URL(path, origin).origin, new URL(origin).origin);
  }
});
