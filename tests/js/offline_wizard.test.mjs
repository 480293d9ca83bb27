// The wizard's pure parts (assets/offline/wizard/*.js, fields/*.js, screens/*.js, app/*.js): the
// draft it opens, server errors pruned on changed answers, moving between screens, the errors a
// screen shows, the check page's rows, the file checks, field frames, labels and the bar state.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { setCatalog } from '../../assets/offline/i18n.js';
import { CHECK_STEP, FEE_STEP, newDraft, screens } from '../../assets/offline/model.js';
import { draftToOpen, editedDraft, opensWithErrors, pruneServerErrors, shownDraft, showsSyncPanel } from '../../assets/offline/wizard/draft-edit.js';
import { blocking, describeErrors, draftErrors, messagesFor, msgOf, screenErrors } from '../../assets/offline/wizard/errors.js';
import { jumpStepId, nextStepId, previousStepId, progress, stepIndex, stepOfField } from '../../assets/offline/wizard/navigation.js';
import { answerRows } from '../../assets/offline/wizard/check-rows.js';
import { sizeProblem, storedName, typeProblem, withFile, withoutFile } from '../../assets/offline/wizard/file-checks.js';
import { getIn, setIn, withAddressPart } from '../../assets/offline/fields/paths.js';
import { acceptedTypes, describedBy, fieldFrame, inputHints, slotDocument } from '../../assets/offline/fields/frame.js';
import { feeText, levelLabel, processingText } from '../../assets/offline/screens/procedure-text.js';
import { syncLabel } from '../../assets/offline/screens/sync-label.js';
import { barState, healthUp } from '../../assets/offline/app/connectivity.js';
import { signal } from '../../assets/offline/app/signal.js';

const root = new URL('../../', import.meta.url);
const load = (p) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));
const P635 = load('volunteer_app/catalog/procedures/2.000635.json');
const P4194 = load('volunteer_app/catalog/procedures/1.004194.json');
const TODAY = '2026-11-28';
const messagesDir = new URL('volunteer_app/i18n/messages/', root);
setCatalog(Object.assign({}, ...readdirSync(messagesDir).map((f) => load(`volunteer_app/i18n/messages/${f}`))));

const CITIZEN = { mode: 'citizen', volunteer: '', volunteerName: '' };
const TAM = { mode: 'volunteer', volunteer: 'tnv.demo', volunteerName: 'Phạm Minh Tâm' };
const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

test('the wizard opens the stored draft only if it is this procedure\'s and this person\'s', () => {
  const stored = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.demo' });
  assert.deepEqual(draftToOpen(P635, stored, TAM, stored.id), { draft: stored, fresh: false });
  // Someone else on a shared tablet, or another procedure: a new draft with a new id.
  for (const [proc, mode] of [[P635, CITIZEN], [P4194, TAM]]) {
    const { draft, fresh } = draftToOpen(proc, stored, mode, stored.id);
    assert.ok(fresh && draft.id !== stored.id && draft.procedure_code === proc.code);
  }
  // Nothing stored under the URL's id yet (a reload before the first answer): the same id.
  const fresh = draftToOpen(P635, null, TAM, ID);
  assert.equal(fresh.draft.id, ID);
  assert.equal(fresh.draft.owner, 'tnv.demo');
  assert.deepEqual(fresh.draft.summary.procedure_name, P635.name);
  assert.notEqual(draftToOpen(P635, null, CITIZEN, null).draft.id, ID);
});

test('what the wizard shows for each status', () => {
  const stub = { id: ID, status: 'sent', code: 'TS-1' };
  assert.deepEqual(shownDraft(stub), { answers: {}, extra: {}, ...stub });
  for (const s of ['queued', 'sending', 'sent']) assert.ok(showsSyncPanel({ status: s, answers: {} }), s);
  assert.ok(showsSyncPanel({ status: 'returned' }));  // a returned stub without answers
  assert.ok(!showsSyncPanel({ status: 'returned', answers: {} }));
  assert.ok(opensWithErrors({ status: 'needs_fix' }) && opensWithErrors({ status: 'returned' }) && !opensWithErrors({ status: 'draft' }));
});

test('a changed answer settles the server\'s errors on it (payment and centre too), no others', () => {
  const server_errors = [{ field: 'applicant_phone' }, { field: 'members.0.dob' }, { field: 'payment_method' }, { field: 'centre_code' }, { field: 'copies' }];
  const prev = { answers: { applicant_phone: '1', members: [{ dob: 'x' }] }, extra: { payment_method: 'online' }, centre_code: null, server_errors };
  assert.deepEqual(pruneServerErrors(prev, { ...prev, answers: { ...prev.answers, applicant_phone: '2' } }).map((e) => e.field),
    ['members.0.dob', 'payment_method', 'centre_code', 'copies']);
  assert.deepEqual(pruneServerErrors(prev, { ...prev, answers: { ...prev.answers, members: [{ dob: 'y' }] } }).map((e) => e.field),
    ['applicant_phone', 'payment_method', 'centre_code', 'copies']);
  assert.deepEqual(pruneServerErrors(prev, { ...prev, extra: { payment_method: 'at_counter' }, centre_code: 'C2' }).map((e) => e.field),
    ['applicant_phone', 'members.0.dob', 'copies']);
});

test('an edit keeps the consent record and the list summary current', () => {
  const prev = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.demo' });
  const next = editedDraft(P635, prev, { ...prev, answers: { applicant_name: 'Lê Hoa', applicant_id: '001090012345', consent_data: true, declaration: true } }, 42);
  assert.equal(next.updated_at, 42);
  assert.equal(next.consent.subject, 'Lê Hoa');
  assert.equal(next.summary.citizen_name, 'Lê Hoa');
  assert.equal(next.summary.id_masked, '*********345');
  assert.equal(next.rev, prev.rev);  // the store numbers revisions, not the edit
});

test('moving between screens: Continue, Back, Sửa → back to the check page, summary links', () => {
  const list = screens(P635, {}, TODAY);
  assert.equal(stepIndex(list, 'record'), 1);
  assert.equal(stepIndex(list, 'no-such-step'), 0);
  assert.equal(nextStepId(list, 0, false), 'record');
  assert.equal(nextStepId(list, 0, true), CHECK_STEP);
  assert.equal(nextStepId(list, list.length - 1, false), CHECK_STEP);
  assert.equal(previousStepId(list, 0), list[0].id);
  assert.equal(previousStepId(list, 2), 'record');
  assert.equal(stepOfField(list, 'applicant_phone'), 'applicant');
  assert.equal(stepOfField(list, 'payment_method'), FEE_STEP);
  assert.equal(stepOfField(list, 'centre_code'), CHECK_STEP);
  const check = list.at(-1);
  assert.equal(jumpStepId(list, check, { field: 'subject_name' }), 'record');
  assert.equal(jumpStepId(list, list[0], { field: 'subject_name' }), 'applicant');  // on a step: stay
  assert.deepEqual(progress(list, 1), { n: 2, total: list.length - 1 });
});

test('errors: gathered, kept per screen, described with their field, server texts in both languages', () => {
  const d = newDraft({ procedure: P635 });
  d.server_errors = [{ field: 'applicant_phone', key: 'x', vi: 'Máy chủ: sai', en: 'Server: wrong' }];
  const all = draftErrors(P635, d, TODAY, null, []);
  assert.ok(all.some((e) => e.field === 'applicant_name' && e.key === 'field.required'));
  assert.ok(all.some((e) => e.field === 'payment_method'));
  const list = screens(P635, d.answers, TODAY);
  const onApplicant = screenErrors(list[0], all, P635, d);
  assert.ok(onApplicant.every((e) => P635.steps[0].fields.some((f) => f.id === e.field.split('.')[0])));
  assert.deepEqual(screenErrors(list.find((s) => s.kind === 'fee'), all, P635, d).map((e) => e.field), ['payment_method']);
  assert.equal(screenErrors(list.at(-1), all, P635, d), all);
  const described = describeErrors(onApplicant, P635, 'vi');
  const phone = described.find((e) => e.field === 'applicant_phone' && e.vi);
  assert.equal(phone.text, 'Số điện thoại: Máy chủ: sai');
  assert.equal(phone.target, 'f-applicant_phone');
  // An empty required field: named inline, listed by its name alone under one "N required" line.
  const described_en = describeErrors(onApplicant, P635, 'en');
  assert.deepEqual(messagesFor(described_en, 'applicant_phone'), ['Enter or choose “Phone number”.', 'Server: wrong']);
  const missing = described.filter((e) => e.missing);
  assert.ok(missing.length >= 5 && missing.every((e) => e.text === e.label));
  assert.equal(new Set(missing.map((e) => e.inline)).size, missing.length);  // never the same text twice
  assert.equal(msgOf({ key: 'field.required', params: {} }, 'en'), 'This is required. Enter or choose an answer.');
  assert.equal(msgOf({ key: 'x', vi: 'Chỉ tiếng Việt' }, 'en'), 'Chỉ tiếng Việt');
  const fee = describeErrors([{ field: 'payment_method', key: 'ui.fee.payment_required', params: {} }], P635, 'vi')[0];
  assert.equal(fee.target, 'f-payment_method-0');
  // A group item's error names the item; a document item's error is shown on its slot.
  const member = describeErrors([{ field: 'members.1.dob', key: 'field.required', params: {} }], P4194, 'vi')[0];
  assert.match(member.text, /^Thành viên 2 — /);
  const slot = describeErrors([{ field: 'upload_exemption_proof.0', key: 'x', vi: 'y', en: 'y' }], P635, 'vi')[0];
  assert.equal(slot.path, 'upload_exemption_proof');
  assert.deepEqual(blocking([{ field: 'a' }, { field: 'b', reason: true }]), [{ field: 'a' }]);
});

test('the check page\'s rows: visible answers as text, a group\'s items one row per sub-field', () => {
  const step = P4194.steps.find((s) => s.id === 'members');
  const answers = { members: [{ full_name: 'Nguyễn Thị Dung', dob: '01/01/2015' }] };
  const rows = answerRows(step, answers, new Set(), 'vi', null);
  const name = rows.find((r) => r.key === 'members.0.full_name');
  assert.equal(name.value, 'Nguyễn Thị Dung');
  assert.match(name.label, /^Thành viên 1 — /);
  assert.equal(name.focus, 'f-members-0-full_name');
  assert.deepEqual(answerRows(step, {}, new Set(), 'vi', null).map((r) => [r.key, r.value]), [['members', '']]);
  const applicant = P635.steps[0];
  const hidden = new Set(['applicant_phone']);
  assert.ok(!answerRows(applicant, {}, hidden, 'vi', null).some((r) => r.key === 'applicant_phone'));
});

test('a file for a document slot: type, size after compression, stored name, the slot\'s list', () => {
  const doc = { id: 'x', accept: ['image/jpeg', 'application/pdf'], max_size_mb: 1 };
  assert.equal(typeProblem(doc, { type: 'image/png', name: 'a.png' }), null);  // photos become JPEG
  assert.equal(typeProblem(doc, { type: 'application/pdf', name: 'a.pdf' }), null);
  assert.deepEqual(typeProblem(doc, { type: 'application/msword', name: 'a.doc' }), { key: 'document.mime', params: { name: 'a.doc' } });
  assert.deepEqual(typeProblem({ accept: ['application/pdf'] }, { type: 'image/jpeg', name: '' }), { key: 'document.mime', params: { name: 'tep' } });
  assert.equal(sizeProblem(doc, 1024 * 1024, 'a.jpg'), null);
  assert.deepEqual(sizeProblem(doc, 1024 * 1024 + 1, 'a.jpg'), { key: 'document.too_large', params: { name: 'a.jpg', max_mb: 1 } });
  assert.equal(sizeProblem({}, 1e12, 'a'), null);
  assert.equal(storedName({ type: 'image/png', name: 'ho-ngheo.png' }), 'ho-ngheo.jpg');
  assert.equal(storedName({ type: 'application/pdf', name: 'to.pdf' }), 'to.pdf');
  const a = { sha256: 'a' }; const b = { sha256: 'b' };
  assert.deepEqual(withFile([a], b), [a, b]);
  assert.deepEqual(withFile([a, b], { ...a, name: 'again' }), [b, { ...a, name: 'again' }]);
  assert.deepEqual(withFile(null, a), [a]);
  assert.deepEqual(withoutFile([a, b], 'a'), [b]);
  assert.equal(withoutFile([a], 'a'), null);
});

test('answers by dotted path; an address part; a field\'s frame', () => {
  const answers = { members: [{ full_name: 'A' }] };
  const next = setIn(answers, ['members', '1', 'dob'], '01/01/2015');
  assert.deepEqual(next, { members: [{ full_name: 'A' }, { dob: '01/01/2015' }] });
  assert.notEqual(next.members, answers.members);  // a copy, never a change in place
  assert.equal(getIn(next, ['members', '1', 'dob']), '01/01/2015');
  assert.equal(getIn(next, ['nope', '0']), undefined);
  assert.deepEqual(withAddressPart({ province: '01', commune: '001', street: 'x' }, 'province', '79'), { province: '79', commune: '', street: 'x' });
  assert.deepEqual(withAddressPart(null, 'street', 'y'), { street: 'y' });
  const f = fieldFrame({ type: 'personal_id', hint: { vi: 'h' } }, 'members.0.id', ['Sai']);
  assert.deepEqual(f, { id: 'f-members-0-id', base: 'f-members-0-id', messages: ['Sai'], hintId: 'f-members-0-id-hint',
    errId: 'f-members-0-id-error', describedBy: 'f-members-0-id-hint f-members-0-id-error', invalid: true, optional: true,
    cls: 'ts-field ts-field-error' });
  const consent = fieldFrame({ type: 'consent' }, 'c', []);
  assert.deepEqual([consent.optional, consent.describedBy, consent.invalid, consent.cls], [false, undefined, undefined, 'ts-field']);
  assert.equal(fieldFrame({ type: 'radio', required: true }, 'sex', []).id, 'f-sex-0');
  assert.equal(describedBy(null, 'a', undefined, 'b'), 'a b');
  assert.deepEqual(inputHints('phone'), { inputMode: 'tel', autoComplete: 'tel' });
  assert.deepEqual(inputHints('text'), { inputMode: undefined, autoComplete: 'off' });
  assert.equal(slotDocument(P635, { document: 'exemption_proof' }).id, 'exemption_proof');
  assert.deepEqual(slotDocument(P635, { document: 'nope', label: 'L' }), { accept: [], name: 'L' });
  assert.equal(acceptedTypes({ accept: ['image/jpeg', 'application/pdf'] }), 'JPEG, PDF');
});

test('labels: level, time limit, fees, and the sync state of a draft', () => {
  assert.equal(levelLabel('toan_trinh', 'en'), 'Fully online');
  assert.equal(processingText({ working_days: 3, note: { vi: 'kể từ khi nhận đủ', en: 'from receipt' } }, 'en'), '3 working days (from receipt)');
  assert.equal(processingText(null, 'vi'), '');
  assert.equal(feeText({ amount: 8000, per_copy: true }, 'vi'), '8.000 đ mỗi bản');
  assert.equal(feeText({ amount: 0 }, 'vi'), 'Miễn phí');
  assert.equal(syncLabel({ status: 'draft' }, undefined, 'vi'), 'Đã lưu trên máy');
  assert.equal(syncLabel({ status: 'queued' }, { state: 'queued' }, 'vi'), 'Chờ gửi');
  assert.equal(syncLabel({ status: 'queued' }, { state: 'sending', progress: 40 }, 'vi'), 'Đang gửi (40%)');
  assert.equal(syncLabel({ status: 'queued' }, { state: 'queued', last_error: 'sign_in' }, 'vi'), 'Chờ tình nguyện viên đăng nhập để gửi');
  assert.match(syncLabel({ status: 'sent', code: 'TS-261128-0001' }, undefined, 'vi'), /^Đã gửi — mã hồ sơ TS-261128-0001/);
  assert.equal(syncLabel({ status: 'needs_fix' }, undefined, 'vi'), 'Cần sửa');
  assert.equal(syncLabel({ status: 'returned' }, undefined, 'vi'), 'Cần bổ sung');
  assert.equal(syncLabel(null, undefined, 'vi'), '');
});

test('the connection bar: health answers, its four states; a signal notifies on change only', () => {
  for (const s of [200, 204, 404, 503]) assert.ok(healthUp(s), s);
  for (const s of [0, 500, 502, 504]) assert.ok(!healthUp(s), s);
  assert.equal(barState(false, 3, 0), 'offline');
  assert.equal(barState(true, 3, 1), 'syncing');
  assert.equal(barState(true, 1, 1), 'held');
  assert.equal(barState(true, 0, 0), 'online');
  const s = signal(1);
  const seen = [];
  const stop = s.subscribe((v) => seen.push(v));
  s.set(1); s.set(2); stop(); s.set(3);
  assert.deepEqual([seen, s.get()], [[2], 3]);
});
