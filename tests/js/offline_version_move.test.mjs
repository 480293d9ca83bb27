// A draft past its version's grace days moves to the current version (issue 13):
// assets/offline/catalog-pins.js decides, assets/offline/wizard/version-move.js moves.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pinExpired } from '../../assets/offline/catalog-pins.js';
import { fittingAnswers, movedDraft } from '../../assets/offline/wizard/version-move.js';
import { newDraft } from '../../assets/offline/model.js';

const root = new URL('../../', import.meta.url);
const P635 = JSON.parse(readFileSync(new URL('volunteer_app/catalog/procedures/2.000635.json', root), 'utf8'));
const TODAY = '2026-11-28';
const OLD = 'aaaaaaaaaaaaaaaa';
const NEW = 'bbbbbbbbbbbbbbbb';

/** The next version: marriage records are no longer issued here, purpose_detail is gone, and a new
 * required field is asked on the record step. */
function nextVersion() {
  const p = structuredClone(P635);
  p.etag = NEW;
  const record = p.steps.find((s) => s.id === 'record');
  const type = record.fields.find((f) => f.id === 'record_type');
  type.options = type.options.filter((o) => (typeof o === 'string' ? o : o.value) !== 'marriage');
  record.fields = record.fields.filter((f) => f.id !== 'purpose_detail');
  record.fields.push({ id: 'record_book', type: 'text', required: true, label: { vi: 'Quyển số', en: 'Book number' } });
  return p;
}

function oldDraft(answers) {
  const d = newDraft({ procedure: { ...P635, etag: OLD }, mode: 'volunteer', volunteer: 'tnv', now: 1 });
  return { ...d, answers, consent: { given: true }, extra: { payment_method: 'online' } };
}

test('a pin is expired only when the device catalog lists neither it as current nor among the accepted pins', () => {
  const device = { etags: { '2.000635': NEW }, pins: { '2.000635': ['cccccccccccccccc'] } };
  assert.equal(pinExpired(device, '2.000635', OLD), true);
  assert.equal(pinExpired(device, '2.000635', NEW), false);
  assert.equal(pinExpired(device, '2.000635', 'cccccccccccccccc'), false);
  assert.equal(pinExpired(null, '2.000635', OLD), false, 'no device catalog: nothing moves');
  assert.equal(pinExpired({ etags: { '2.000635': NEW } }, '2.000635', OLD), false, 'a catalog without pins: the server decides');
  assert.equal(pinExpired(device, '9.999999', OLD), false, 'an unknown procedure');
  assert.equal(pinExpired(device, '2.000635', ''), false, 'no pin');
  assert.equal(pinExpired(device, '2.000635', '2026-11-28'), false, 'a date from a build copy: the server decides');
});

test('answers that still fit are kept; unknown fields and values no longer offered go', () => {
  const kept = fittingAnswers(nextVersion(), {
    applicant_name: 'Nguyễn Văn An', applicant_relation: 'self', record_type: 'marriage',
    purpose_detail: 'Đi học', copies: 2, consent_data: true, declaration: true, gone_field: 'x',
  });
  assert.deepEqual(kept, { applicant_name: 'Nguyễn Văn An', applicant_relation: 'self', copies: 2, consent_data: true, declaration: true });
});

test('the moved draft carries the new version and opens on the first screen that asks something new', () => {
  const answers = {
    applicant_name: 'Nguyễn Văn An', applicant_dob: '1990-05-01', applicant_sex: 'nam', applicant_id: '001090000001',
    applicant_address: { province: '01', commune: '00004', street: '1 Phố Huế' }, applicant_phone: '0912345678',
    applicant_relation: 'self', record_type: 'birth', registered_at: 'UBND phường Hoàn Kiếm', copies: 1,
    fee_exemption: 'none', delivery: 'online', consent_data: true, declaration: true,
  };
  const draft = oldDraft(answers);
  const moved = movedDraft(nextVersion(), draft, TODAY, 5);
  assert.equal(moved.catalog_version, NEW);
  assert.equal(moved.moved_from, OLD);
  assert.equal(moved.consent.given, true, 'the consents the new version still asks are kept');
  assert.equal(moved.answers.consent_data, true);
  assert.equal(moved.answers.record_type, 'birth');
  assert.equal(moved.step, 'record', 'the new required field is on the record step');
  assert.equal(moved.extra.payment_method, 'online');
  assert.equal(moved.id, draft.id, 'the same draft, not a copy');
});
