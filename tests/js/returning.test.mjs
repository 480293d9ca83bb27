// The returning-citizen offer's pure parts (assets/offline/wizard/returning.js): when it is worth
// asking, which fields the kept values fill, which kept documents a slot offers, and the consent
// flag in the submission body.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CHOICES, KEPT_MONTHS, fullPin, keptFor, keptMonths, offerable, prefill, vocabFields, withKeepConsent, withKeptData, withKeptFile,
} from '../../assets/offline/wizard/returning.js';
import { submission } from '../../assets/offline/model.js';

const proc = JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/procedures/2.000635.json', import.meta.url), 'utf8'));
const VALUES = {
  'applicant.full_name': 'Nguyễn Văn An', 'applicant.dob': '1990-05-01', 'applicant.sex': 'nam',
  'applicant.id_number': '001090123456', 'applicant.phone': '0912345678',
  'applicant.permanent_address': { province: '01', commune: '00004', street: '12 Phố Huế' },
  'mother.full_name': 'Không có trong thủ tục này',
};

test('only a well-formed 12-digit number with a real province code is offered', () => {
  assert.equal(offerable('001090123456'), true);
  assert.equal(offerable(' 001090123456 '), true);
  assert.equal(offerable('00109012345'), false);
  assert.equal(offerable('999090123456'), false);  // no such province
  assert.equal(offerable(''), false);
  assert.equal(offerable(undefined), false);
});

test('every empty shared-vocabulary field is prefilled; typed answers and other fields stay', () => {
  const { answers, filled } = prefill(proc, { applicant_id: '001090123456', applicant_phone: '0987654321', copies: 1 }, VALUES);
  assert.equal(answers.applicant_name, 'Nguyễn Văn An');
  assert.deepEqual(answers.applicant_address, VALUES['applicant.permanent_address']);
  assert.equal(answers.applicant_phone, '0987654321');  // typed this time: kept
  assert.equal(answers.copies, 1);
  assert.ok(!('mother_name' in answers));  // a meaning this procedure does not ask is ignored
  assert.deepEqual(filled.sort(), ['applicant_address', 'applicant_dob', 'applicant_name', 'applicant_sex']);
  assert.ok(vocabFields(proc).every((f) => f.vocab));
});

test('the kept choices of this procedure fill its empty fields; stale options and typed answers stay', () => {
  const values = { ...VALUES, [CHOICES + proc.code]: { applicant_relation: 'self', delivery: 'online', record_type: 'nope',
    registered_at: 'UBND phường Hàng Trống', gone_field: 'x' }, [CHOICES + '1.001193']: { child_name: 'Khác' } };
  const { answers, filled } = prefill(proc, { delivery: 'post' }, values);
  assert.equal(answers.applicant_relation, 'self');
  assert.equal(answers.registered_at, 'UBND phường Hàng Trống');
  assert.equal(answers.delivery, 'post');  // answered this time: kept
  assert.ok(!('record_type' in answers) && !('gone_field' in answers) && !('child_name' in answers));
  assert.ok(filled.includes('applicant_relation') && !filled.includes('delivery'));
});

test('six digits are a whole PIN, worth asking the server about', () => {
  assert.equal(fullPin('012345'), true);
  assert.equal(fullPin(' 012345 '), true);
  assert.equal(fullPin('01234'), false);
  assert.equal(fullPin('01234a'), false);
  assert.equal(fullPin(''), false);
});

test('a slot offers the kept documents of its own kind and type only', () => {
  const returning = { documents: [
    { id: 'a', document_id: 'exemption_proof', mime: 'image/png' },
    { id: 'b', document_id: 'authorisation', mime: 'image/png' },
    { id: 'c', document_id: 'exemption_proof', mime: 'image/webp' },
  ] };
  const doc = proc.documents.find((d) => d.id === 'exemption_proof');
  assert.deepEqual(keptFor(returning, doc).map((k) => k.id), ['a']);
  assert.deepEqual(keptFor(undefined, doc), []);
});

test('the look-up answer goes into the draft; a copied kept file is remembered once', () => {
  const draft = { id: 'd', answers: { applicant_id: '001090123456' } };
  const { draft: out, filled } = withKeptData(proc, draft, { values: VALUES, documents: [{ id: 'a' }], grant: 'g' }, 5);
  assert.equal(out.answers.applicant_name, 'Nguyễn Văn An');
  assert.deepEqual(out.returning, { grant: 'g', documents: [{ id: 'a' }], at: 5 });
  assert.ok(filled.length >= 4);
  assert.deepEqual(withKeptFile(withKeptFile(out, 'x'), 'x').kept_files, ['x']);
});

test('the keep consent is sent only when ticked, inside the consent record', () => {
  const base = { procedure_code: proc.code, catalog_version: 'v', version: 1, channel: 'volunteer', answers: {},
    consent: { given: true, given_at: '2026-11-30T10:00:00+07:00', assisted_by: 'tnv', subject: 'A' } };
  assert.equal(submission(proc, base, '2026-11-30').consent.keep, undefined);
  assert.equal(submission(proc, { ...base, keep_data: true }, '2026-11-30').consent.keep, true);
  assert.equal(submission(proc, { ...base, consent: null, keep_data: true }, '2026-11-30').consent, null);
});

test('the keep consent states the server\'s retention and the dossier carries the months it stated', () => {
  assert.equal(keptMonths(6), 6);  // KEPT_DATA_MONTHS as the device catalog carries it
  for (const held of [null, undefined, 0, 121, 2.5, '6']) assert.equal(keptMonths(held), KEPT_MONTHS);
  const draft = { procedure_code: proc.code, catalog_version: 'v', version: 1, channel: 'volunteer', answers: {},
    consent: { given: true, given_at: '2026-11-30T10:00:00+07:00', assisted_by: 'tnv', subject: 'A' } };
  const ticked = withKeepConsent(draft, true, 6);
  assert.deepEqual(submission(proc, ticked, '2026-11-30').consent, { ...draft.consent, keep: true, keep_months: 6 });
  const unticked = withKeepConsent(ticked, false, 6);
  assert.equal(unticked.keep_data, false);
  assert.equal('keep_months' in unticked, false);
  assert.equal('keep' in submission(proc, unticked, '2026-11-30').consent, false);
});
