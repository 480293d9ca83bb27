// The pure parts of "Quét CCCD": whose card a step can take (assets/offline/scan/targets.js) and
// what a read card puts in the draft (card-fill.js). The scanner itself runs in Chromium
// (tests/browser/test_cccd_scan.py).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scanTargets } from '../../assets/offline/scan/targets.js';
import { cardFill } from '../../assets/offline/scan/card-fill.js';
import { luminance } from '../../assets/offline/scan/qr-decoder.js';
import { makeUnits } from '../../assets/offline/units.js';

const PROC = JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/procedures/2.000635.json', import.meta.url), 'utf8'));
const UNITS = makeUnits(JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/admin_units.json', import.meta.url), 'utf8')));
const step = (id) => PROC.steps.find((s) => s.id === id);
const CARD = { id_number: '001089012345', old_id: '012345678', full_name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'nam',
  address: 'Số 12 Ngõ 5 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội', issued: '2021-04-20' };

test('the applicant step offers the applicant\'s card, with every field a card fills', () => {
  assert.deepEqual(scanTargets(step('applicant').fields), [{
    role: 'applicant', first: 'applicant_name',
    fields: { full_name: 'applicant_name', dob: 'applicant_dob', sex: 'applicant_sex', id_number: 'applicant_id',
      permanent_address: 'applicant_address' },
  }]);
});

test('the record step offers the subject\'s card, unless its fields are not asked (the subject is the applicant)', () => {
  assert.deepEqual(scanTargets(step('record').fields).map((t) => t.role), ['subject']);
  assert.deepEqual(scanTargets(step('record').fields, (id) => id.startsWith('subject_')), []);
});

test('a person qualifies with an ID number, or a name and a date of birth; a name alone does not', () => {
  const f = (id, vocab) => ({ id, vocab });
  const fields = [f('mother_name', 'mother.full_name'), f('father_name', 'father.full_name'), f('father_dob', 'father.dob'),
    f('owner_id', 'owner.id_number'), f('owner_phone', 'owner.phone'), f('note', undefined)];
  assert.deepEqual(scanTargets(fields).map((t) => [t.role, t.fields]),
    [['father', { full_name: 'father_name', dob: 'father_dob' }], ['owner', { id_number: 'owner_id' }]]);
});

test('a read card fills the person\'s fields and shows them, the ID number masked, the old units named', () => {
  const target = scanTargets(step('applicant').fields)[0];
  const address = { status: 'converted', province: '01', commune: '00082', street: 'Số 12 Ngõ 5 Phố Huế', alternatives: ['00070'],
    old: { ward: 'Phường Hàng Bài', district: 'Quận Hoàn Kiếm', province: 'Thành phố Hà Nội' } };
  const fill = cardFill(target, CARD, address, UNITS);
  assert.deepEqual(fill.changes, [
    ['applicant_id', '001089012345'], ['applicant_name', 'Nguyễn Văn An'], ['applicant_dob', '1989-03-15'],
    ['applicant_sex', 'nam'], ['applicant_address', { province: '01', commune: '00082', street: 'Số 12 Ngõ 5 Phố Huế' }],
  ]);
  assert.deepEqual(fill.lines[0], ['scan.filled_id', { value: '*********345' }]);
  assert.deepEqual(fill.lines.at(-1), ['scan.filled_address', { value: 'Số 12 Ngõ 5 Phố Huế, Phường Cửa Nam, Thành phố Hà Nội' }]);
  assert.deepEqual(fill.notes.map((n) => n[0]), ['scan.address_converted', 'scan.address_split']);
  assert.ok(!JSON.stringify(fill.changes).includes('012345678'), 'the old number is not put anywhere');
});

test('without the units table the card\'s address goes to the street box, and the volunteer is told', () => {
  const target = scanTargets(step('applicant').fields)[0];
  const fill = cardFill(target, CARD, null, UNITS);
  assert.deepEqual(fill.changes.at(-1), ['applicant_address', { province: '', commune: '', street: CARD.address }]);
  assert.deepEqual(fill.notes.map((n) => n[0]), ['scan.address_unmapped']);
});

test('grey levels for ZXing: black stays black, white stays white', () => {
  const data = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]);
  assert.deepEqual([...luminance({ data, width: 2, height: 1 })], [0, 255]);
});
