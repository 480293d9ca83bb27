// The chip ID card's QR (assets/offline/scan/card-qr.js): the shared vectors, which the Python
// twin (volunteer_app/domain/card_qr.py) runs too (tests/domain/test_card_qr.py).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCardQr } from '../../assets/offline/scan/card-qr.js';

const VECTORS = JSON.parse(readFileSync(new URL('../vectors/card_qr.json', import.meta.url), 'utf8'));

test('every vector parses as recorded', () => {
  for (const { name, payload, result } of VECTORS.cases) {
    assert.deepEqual(parseCardQr(payload), result, name);
  }
});

test('the vectors cover what the issue names', () => {
  const names = VECTORS.cases.map((c) => c.name).join(' / ');
  for (const word of ['old 9-digit ID', 'old ID empty', 'without commas', 'NFD', 'Nữ, the number says a man', 'unknown province']) {
    assert.ok(names.includes(word), word);
  }
});

test('a decomposed payload is read as NFC and a sex mismatch refuses the card', () => {
  const ok = parseCardQr('079195001234||Trần Thị Bình|02021995|Nữ|Quận 1, TP HCM|10082022'.normalize('NFD'));
  assert.equal(ok.card.full_name, 'Trần Thị Bình'.normalize('NFC'));
  assert.equal(ok.card.dob, '1995-02-02');
  const bad = parseCardQr('079095001234||Trần Thị Bình|02021995|Nữ|Quận 1, TP HCM|10082022');
  assert.equal(bad.card, null);
  assert.deepEqual(bad.problems.map((p) => p.code), ['id_sex']);
});
