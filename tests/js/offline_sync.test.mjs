// Pure logic of the outbox (assets/offline/sync-logic.js): backoff and Retry-After, due rows, what
// a server answer means on each endpoint, a returned dossier's reload.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  BACKOFF_CAP_MS, RETRY_AFTER_CAP_MS, answersForWizard, backoffMs, dueRows, editableFields, fieldErrors, nextAttemptAt,
  nextWake, percent, pollVerdict, putOutcome, putVerdict, reasonErrors, retryAfterMs, returnedChanges, uploadOutcome,
  uploadRetriesNow,
} from '../../assets/offline/sync-logic.js';
import { isStub, stubOf } from '../../assets/offline/lifecycle/states.js';
import { CHECK_STEP, newDraft, submission } from '../../assets/offline/model.js';

const load = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const P635 = load('../../volunteer_app/catalog/procedures/2.000635.json');

test('backoff doubles, is capped, and jitters within [half, full]', () => {
  assert.equal(backoffMs(1, () => 0), 1000);
  assert.equal(backoffMs(1, () => 1), 2000);
  assert.equal(backoffMs(2, () => 1), 4000);
  assert.equal(backoffMs(5, () => 0.5), Math.round(32000 * 0.75));
  assert.equal(backoffMs(40, () => 1), BACKOFF_CAP_MS);
  assert.equal(backoffMs(40, () => 0), BACKOFF_CAP_MS / 2);
  const seen = new Set(Array.from({ length: 50 }, () => backoffMs(3)));
  assert.ok(seen.size > 10, 'random jitter spreads retries');
  for (const v of seen) assert.ok(v >= 4000 && v <= 8000);
  assert.equal(backoffMs(0, () => 1), 2000);  // attempt < 1 counts as the first retry
});

test('due rows: queued or interrupted (sending) and due, in queue order; next wake', () => {
  const rows = [
    { seq: 3, state: 'queued', next_attempt_at: 50 },
    { seq: 1, state: 'sending', next_attempt_at: 0 },
    { seq: 2, state: 'queued', next_attempt_at: 500 },
    { seq: 4, state: 'needs_fix', next_attempt_at: 0 },
  ];
  assert.deepEqual(dueRows(rows, 100).map((r) => r.seq), [1, 3]);
  assert.equal(nextWake(rows), 0);
  assert.equal(nextWake([{ seq: 1, state: 'queued', next_attempt_at: 900 }, { seq: 2, state: 'needs_fix', next_attempt_at: 1 }]), 900);
  assert.equal(nextWake([]), null);
});

test('PUT answers: sent, needs a person (Cần sửa), or retry later', () => {
  assert.equal(putOutcome(201), 'sent');
  assert.equal(putOutcome(200), 'sent');
  // A 409 on the PUT is the server's word on the dossier (dossier.conflict, version_unexpected).
  for (const s of [422, 413, 415, 409, 400]) assert.equal(putOutcome(s), 'needs_fix', s);
  for (const s of [0, 500, 502, 503, 504, 429, 423, 408, 401, 403, 404]) assert.equal(putOutcome(s), 'retry', s);
});

test('upload answers: 409 (offset mismatch) and 423 (locked) mean try again, never Cần sửa', () => {
  for (const s of [409, 423, 429, 503, 500, 0, 404, 403]) assert.equal(uploadOutcome(s), 'retry', s);
  for (const s of [400, 413, 415, 422]) assert.equal(uploadOutcome(s), 'needs_fix', s);
  // tus-js-client retries at once on a lost response, an offset mismatch (re-HEAD) or a lock;
  // a 429/503 is left to the outbox, which waits for the server's Retry-After.
  for (const s of [0, 409, 423, 500, 502]) assert.equal(uploadRetriesNow(s), true, s);
  for (const s of [429, 503, 422, 413, 404]) assert.equal(uploadRetriesNow(s), false, s);
  assert.equal(uploadRetriesNow(0, false), false);  // offline: nothing to retry against
});

test('the PUT answer as the runner acts on it', () => {
  assert.equal(putVerdict(201, { code: 'TS-1' }, 'citizen'), 'sent');
  assert.equal(putVerdict(200, null, 'citizen'), 'retry');  // no receipt in the body: ask again
  assert.equal(putVerdict(401, null, 'volunteer'), 'sign_in');
  assert.equal(putVerdict(401, null, 'citizen'), 'retry');
  assert.equal(putVerdict(409, { detail: {} }, 'volunteer'), 'needs_fix');
  assert.equal(putVerdict(429, null, 'citizen'), 'retry');
});

test('Retry-After: seconds or an HTTP date, capped; garbage ignored', () => {
  const now = Date.parse('2026-11-28T02:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs(' 0 ', now), 0);
  assert.equal(retryAfterMs('Sat, 28 Nov 2026 02:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Sat, 28 Nov 2026 01:59:00 GMT', now), 0);  // a date in the past: now
  assert.equal(retryAfterMs('Saturday, 28-Nov-26 02:01:00 GMT', now), 60_000);  // RFC 850, still legal
  assert.equal(retryAfterMs('999999', now), RETRY_AFTER_CAP_MS);
  for (const bad of [null, undefined, '', 'soon', '-5', '1.5']) assert.equal(retryAfterMs(bad, now), null, String(bad));
});

test('next attempt: the backoff, or the server\'s Retry-After when it is later (and kept as not_before)', () => {
  const now = 1_000_000;
  assert.deepEqual(nextAttemptAt(1, now, null, () => 1), { dueAt: now + 2000, notBefore: 0 });
  assert.deepEqual(nextAttemptAt(1, now, 120_000, () => 1), { dueAt: now + 120_000, notBefore: now + 120_000 });
  // A short Retry-After never makes a retry sooner than the backoff.
  assert.deepEqual(nextAttemptAt(6, now, 1000, () => 1), { dueAt: now + 64_000, notBefore: now + 1000 });
});

test('field errors from the server land on their field', () => {
  const detail = { key: 'dossier.invalid', vi: 'x', en: 'x', errors: [{ field: 'applicant_id', key: 'personal_id.dob', params: { a: 1 }, vi: 'Sai', en: 'Wrong' }] };
  assert.deepEqual(fieldErrors(detail), [{ field: 'applicant_id', key: 'personal_id.dob', params: { a: 1 }, vi: 'Sai', en: 'Wrong' }]);
  assert.deepEqual(fieldErrors({ key: 'upload.type_mismatch', vi: 'Không phải PDF', en: 'Not a PDF' }, 'upload_x'),
    [{ field: 'upload_x', key: 'upload.type_mismatch', params: {}, vi: 'Không phải PDF', en: 'Not a PDF' }]);
  assert.equal(fieldErrors([{ loc: ['body', 'answers'], msg: 'bad' }])[0].field, 'answers');
  assert.equal(fieldErrors(null, 'f')[0].field, 'f');
});

test('progress percent never reaches 100 before the PUT', () => {
  assert.equal(percent(0, 1000), 0);
  assert.equal(percent(500, 1000), 49);
  assert.equal(percent(1000, 1000), 99);
  assert.equal(percent(5000, 1000), 99);
  assert.equal(percent(0, 0), 0);
});

test('a returned dossier: read-back answers back to the wizard form, only named items editable', () => {
  const d = newDraft({ procedure: P635, now: 1 });
  d.answers = { applicant_name: 'Nguyễn Văn An', applicant_dob: '15/06/1990', copies: '2', record_type: 'birth' };
  const body = submission(P635, d, '2026-11-28');
  assert.equal(body.answers.applicant_dob, '1990-06-15');
  const back = answersForWizard(P635, body.answers);
  assert.equal(back.applicant_dob, '15/06/1990');
  assert.equal(back.copies, '2');
  assert.equal(back.applicant_name, 'Nguyễn Văn An');
  const reasons = [{ target: 'field:applicant_phone', text: 'Số điện thoại không liên lạc được' },
    { target: 'document:exemption_proof', text: 'Ảnh mờ' }];
  const editable = editableFields(P635, reasons);
  assert.deepEqual([...editable].sort(), ['applicant_phone', 'upload_exemption_proof']);
  const errs = reasonErrors(P635, reasons);
  assert.deepEqual(errs.map((e) => [e.field, e.vi, e.reason]), [['applicant_phone', 'Số điện thoại không liên lạc được', true], ['upload_exemption_proof', 'Ảnh mờ', true]]);
});

test('a sent dossier read back: returned for this version reopens, anything else is news', () => {
  const stub = { version: 1 };
  assert.equal(pollVerdict(stub, { state: 'needs_supplement', version: 1 }), 'reopen');
  assert.equal(pollVerdict(stub, { state: 'needs_supplement', version: 2 }), 'polled');  // already resent
  assert.equal(pollVerdict(stub, { state: 'accepted', version: 1 }), 'polled');
});

test('a returned dossier\'s changes: reasons, and the answers back as typed, version + 1, on the check page', () => {
  const d = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.demo', volunteerName: 'Phạm Minh Tâm', now: 1 });
  d.answers = { applicant_name: 'Nguyễn Văn An', applicant_dob: '15/06/1990', applicant_phone: '0912345678' };
  d.extra = { payment_method: 'online' };
  const stub = stubOf(d, { code: 'TS-261128-0001', pin: '1', version: 1, state: 'submitted', received_at: 'x' }, 5);
  const reasons = [{ target: 'field:applicant_phone', text: 'Sai số' }];
  const info = { state: 'needs_supplement', version: 1, reasons, note: 'Bổ sung', answers: submission(P635, d, '2026-11-28').answers,
    consent: { given: true, given_at: '2026-11-28T09:15:00+07:00', assisted_by: 'tnv.demo', subject: 'Nguyễn Văn An' }, device_created_at: 'y' };
  const changes = returnedChanges(stub, info, P635, 9);
  assert.equal(changes.version, 2);
  assert.equal(changes.step, CHECK_STEP);
  assert.equal(changes.answers.applicant_dob, '15/06/1990');
  assert.deepEqual(changes.extra, { payment_method: 'online' });
  assert.equal(changes.consent.statement, 'tình nguyện viên Phạm Minh Tâm (tnv.demo) hỗ trợ công dân Nguyễn Văn An');
  assert.deepEqual(changes.server_errors.map((e) => e.field), ['applicant_phone']);
  // Without the answers read back: the reasons and the note only (the stub stays a stub).
  const bare = returnedChanges(stub, { ...info, answers: undefined }, P635, 9);
  assert.deepEqual(Object.keys(bare).sort(), ['note', 'polled_at', 'reasons', 'server_state', 'updated_at']);
});
