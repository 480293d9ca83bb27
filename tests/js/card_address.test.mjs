// A card's address to the 2025 units (assets/offline/scan/card-address.js): the shared vectors,
// which the Python twin runs too (tests/domain/test_card_address.py), over the same compact
// table the build serves (made by volunteer_app.domain.card_address.legacy_table).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveCardAddress } from '../../assets/offline/scan/card-address.js';
import { makeUnits } from '../../assets/offline/units.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VECTORS = JSON.parse(readFileSync(new URL('../vectors/card_address.json', import.meta.url), 'utf8'));
const UNITS = makeUnits(JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/admin_units.json', import.meta.url), 'utf8')));
const PYTHON = existsSync(`${ROOT}.venv/bin/python`) ? `${ROOT}.venv/bin/python` : 'python3';
const TABLE = JSON.parse(execFileSync(PYTHON, ['-c', [
  'import gzip, json, sys',
  'from volunteer_app.domain.admin_units import LEGACY_FILE',
  'from volunteer_app.domain.card_address import legacy_table',
  'sys.stdout.write(json.dumps(legacy_table(json.loads(gzip.open(LEGACY_FILE).read())), ensure_ascii=False))',
].join('\n')], { cwd: ROOT, env: { ...process.env, PYTHONPATH: ROOT }, maxBuffer: 64 << 20 }).toString('utf8'));

test('every vector resolves as recorded', () => {
  for (const { name, address, result } of VECTORS.cases) {
    assert.deepEqual(resolveCardAddress(address, TABLE, UNITS), result, name);
  }
});

test('old and new addresses, with and without commas, are in the vectors', () => {
  const statuses = new Set(VECTORS.cases.map((c) => c.result.status));
  assert.deepEqual([...statuses].sort(), ['converted', 'new', 'none', 'province']);
  assert.ok(VECTORS.cases.some((c) => !c.address.includes(',') && c.result.status === 'converted'));
  assert.ok(VECTORS.cases.some((c) => c.result.alternatives.length > 1));
});
