// Pure modules of the offline wizard (assets/offline/{model,compress,i18n,storage}.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHECK_STEP, FEE_STEP, allErrors, checklist, consentRecord, controlId, draftSummary, maskName,
  errorsForStep, feeSummary, fieldForPath, isUuid, localIso, maskId, newDraft, screens,
  submission, todayIso, unverified, uuid4,
} from '../../assets/offline/model.js';
import { makeUnits } from '../../assets/offline/units.js';
import { displayValue } from '../../assets/offline/wizard/check-rows.js';
import { fitWithin, plan, MAX_BYTES } from '../../assets/offline/compress.js';
import { t, tx, setCatalog } from '../../assets/offline/i18n.js';
import { formatBytes, quotaWarning } from '../../assets/offline/storage.js';

const load = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const P635 = load('../../volunteer_app/catalog/procedures/2.000635.json');
const P656 = load('../../volunteer_app/catalog/procedures/1.000656.json');
const P4194 = load('../../volunteer_app/catalog/procedures/1.004194.json');
const P815 = load('../../volunteer_app/catalog/procedures/2.000815.json');
const UNITS = makeUnits(load('../../volunteer_app/catalog/admin_units.json'));
const TODAY = '2026-11-28';
const ids = (list) => list.map((s) => s.id);

test('uuid4 and the draft record fit the sync protocol', () => {
  const id = uuid4();
  assert.ok(isUuid(id), id);
  const d = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.demo', now: Date.UTC(2026, 10, 28) });
  assert.ok(isUuid(d.id));
  assert.equal(d.procedure_code, '2.000635');
  assert.equal(d.version, 1);
  assert.equal(d.channel, 'volunteer');
  assert.equal(d.owner, 'tnv.demo');
  assert.equal(d.status, 'draft');
  assert.equal(d.step, 'applicant');
  assert.match(d.device_token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(d.device_created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  assert.equal(newDraft({ procedure: P635 }).channel, 'citizen');
});

test('dates: today and local ISO with offset', () => {
  assert.equal(todayIso(new Date(2026, 0, 5)), '2026-01-05');
  assert.match(localIso(new Date(2026, 0, 5, 9, 7, 3)), /^2026-01-05T09:07:03[+-]\d{2}:\d{2}$/);
});

test('maskId keeps the last 3 digits', () => {
  assert.equal(maskId('001090012345'), '*********345');
  assert.equal(maskId('12'), '**');
  assert.equal(maskId(''), '');
  assert.equal(maskId(null), '');
});

test('screens: visible steps, level-4 fee screen before consent, check page last', () => {
  const list = screens(P635, {}, TODAY);
  assert.deepEqual(ids(list), ['applicant', 'record', 'copies_fee', 'documents', 'result', FEE_STEP, 'consent', CHECK_STEP]);
  // No exemption and not authorised: the documents step has nothing to ask.
  const none = screens(P635, { fee_exemption: 'none', applicant_relation: 'self' }, TODAY);
  assert.ok(!ids(none).includes('documents'));
  // Level 3 (một phần): no fee screen.
  assert.ok(!ids(screens(P815, {}, TODAY)).includes(FEE_STEP));
});

test('errorsForStep keeps the step\'s own errors, group paths included', () => {
  const errors = [{ field: 'applicant_id', key: 'x' }, { field: 'members.0.full_name', key: 'y' }, { field: 'copies', key: 'z' }];
  const members = P4194.steps.find((s) => s.id === 'members');
  assert.deepEqual(errorsForStep(errors, members).map((e) => e.field), ['members.0.full_name']);
});

test('allErrors adds the payment choice on level 4', () => {
  const d = newDraft({ procedure: P635 });
  const keys = allErrors(P635, d, TODAY).map((e) => e.key);
  assert.ok(keys.includes('ui.fee.payment_required'));
  d.extra.payment_method = 'online';
  assert.ok(!allErrors(P635, d, TODAY).some((e) => e.field === 'payment_method'));
});

test('checklist: a mandatory document is missing until attached; required_if follows answers', () => {
  let list = checklist(P656, {}, TODAY);
  assert.deepEqual(list.find((c) => c.id === 'death_notice'), {
    id: 'death_notice', name: P656.documents[0].name, required: true, applies: true, attached: false, missing: true, field: 'upload_death_notice',
  });
  const file = [{ sha256: 'a'.repeat(64), size: 10, mime: 'application/pdf', name: 'x.pdf' }];
  list = checklist(P656, { upload_death_notice: file }, TODAY);
  assert.equal(list.find((c) => c.id === 'death_notice').missing, false);
  assert.equal(checklist(P656, { applicant_relation: 'authorised' }, TODAY).find((c) => c.id === 'authorisation').missing, true);
  const child = checklist(P656, { applicant_relation: 'child' }, TODAY).find((c) => c.id === 'authorisation');
  assert.equal(child.required, false);
  assert.equal(child.applies, false);  // its slot is hidden: it does not apply
});

test('consent is recorded only when every consent box is ticked, with time and who assisted', () => {
  const d = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.demo' });
  d.answers = { applicant_name: '  Nguyễn   Văn An ', consent_data: true };
  assert.equal(consentRecord(P635, d), null);
  d.answers.declaration = true;
  const c = consentRecord(P635, d, new Date(2026, 10, 28, 9, 15));
  assert.equal(c.given, true);
  assert.equal(c.assisted_by, 'tnv.demo');
  assert.equal(c.subject, 'Nguyễn Văn An');
  assert.equal(c.statement, 'tình nguyện viên tnv.demo hỗ trợ công dân Nguyễn Văn An');
  assert.match(c.given_at, /^2026-11-28T09:15:00/);
  // The first time is kept when the draft changes later.
  d.consent = c;
  assert.equal(consentRecord(P635, d, new Date(2026, 10, 28, 10, 0)).given_at, c.given_at);
  const citizen = newDraft({ procedure: P635 });
  citizen.answers = { applicant_name: 'Lê Hoa', consent_data: true, declaration: true };
  assert.equal(consentRecord(P635, citizen).assisted_by, null);
});

test('fee summary: the rate times the count, none while the count is missing', () => {
  assert.equal(feeSummary(P635, { copies: '3' }, TODAY).total, 24000);
  assert.equal(feeSummary(P635, {}, TODAY).total, null);
});

test('draftSummary and submission body', () => {
  const d = newDraft({ procedure: P635 });
  d.answers = { applicant_name: 'nguyễn văn an', applicant_id: '0010 9001 2345', applicant_dob: '15/06/1990', copies: '2',
    upload_exemption_proof: [{ sha256: 'b'.repeat(64), size: 100, mime: 'image/jpeg', name: 'a.jpg' }] };
  assert.deepEqual(draftSummary(P635, d), { citizen_name: 'nguyễn văn an', citizen_masked: 'n. v. an', id_masked: '*********345' });
  assert.equal(maskName('  Nguyễn  Văn An '), 'N. V. An');
  const body = submission(P635, d, TODAY);
  assert.equal(body.answers.applicant_dob, '1990-06-15');
  assert.equal(body.answers.copies, 2);
  assert.equal(body.answers.applicant_id, '001090012345');
  assert.deepEqual(body.attachments, [{ sha256: 'b'.repeat(64), document_id: 'exemption_proof', field: 'upload_exemption_proof' }]);
  assert.equal(body.version, 1);
  assert.equal(body.channel, 'citizen');
});

test('displayValue, controlId, fieldForPath', () => {
  const sex = P635.steps[0].fields.find((f) => f.id === 'applicant_sex');
  assert.equal(displayValue(sex, 'nu', 'vi'), 'Nữ');
  assert.equal(displayValue(sex, 'nu', 'en'), 'Female');
  assert.equal(displayValue({ type: 'date' }, '1990-06-15', 'vi'), '15/06/1990');
  const commune = UNITS.communes('01')[0];
  assert.equal(displayValue({ type: 'address' }, { province: '01', commune: commune.code, street: 'Số 1' }, 'vi', UNITS),
    `Số 1, ${commune.name}, Thành phố Hà Nội`);
  assert.equal(controlId('applicant_address', { type: 'address' }), 'f-applicant_address-province');
  assert.equal(controlId('members.0.sex', { type: 'radio' }), 'f-members-0-sex-0');
  assert.equal(fieldForPath(P4194, 'members.1.dob').type, 'date');
});

test('admin units lookup', () => {
  assert.equal(UNITS.provinces.length, 34);
  assert.ok(UNITS.check('01', null));
  assert.ok(!UNITS.check('99', null));
  const c = UNITS.communes('01')[0];
  assert.ok(UNITS.check('01', c.code));
  assert.ok(!UNITS.check('79', c.code));
});

test('compression plan: A4 at 12 MP fits the long side, quality then size step down', () => {
  assert.deepEqual(fitWithin(3000, 4000), { width: 1500, height: 2000, scale: 0.5 });
  assert.deepEqual(fitWithin(800, 600), { width: 800, height: 600, scale: 1 });
  const steps = plan();
  assert.equal(steps[0].long, 2000);
  assert.ok(steps.every((s, i) => i === 0 || s.long <= steps[i - 1].long));
  assert.equal(steps.at(-1).long, 1000);
  assert.equal(steps[0].quality, 0.7);
  assert.equal(MAX_BYTES, 400 * 1024);
});

test('i18n: catalog messages with params, unknown keys fall back, bilingual text', () => {
  setCatalog({ 'ui.wizard.progress': { vi: 'Bước {n}/{total}', en: 'Step {n} of {total}' } });
  assert.equal(t('ui.wizard.progress', { n: 2, total: 5 }, 'vi'), 'Bước 2/5');
  assert.equal(t('ui.wizard.progress', { n: 2, total: 5 }, 'en'), 'Step 2 of 5');
  assert.equal(t('nope.key', {}, 'vi'), 'nope.key');
  assert.equal(tx({ vi: 'Có', en: 'Yes' }, 'en'), 'Yes');
  assert.equal(tx({ vi: 'Có' }, 'en'), 'Có');
});

test('ui.json has every key the screens use, in vi and en', () => {
  const ui = load('../../volunteer_app/i18n/messages/ui.json');
  const dir = fileURLToPath(new URL('../../assets/offline/', import.meta.url));
  const src = readdirSync(dir, { recursive: true }).filter((f) => /\.jsx?$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const used = new Set([...src.matchAll(/'(ui\.[a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]));
  assert.ok(used.size > 100, `keys found in the screens: ${used.size}`);
  for (const key of used) assert.ok(ui[key] && ui[key].vi && ui[key].en, key);
  for (const p of ['online', 'bank_transfer', 'at_counter']) assert.ok(ui[`ui.payment.${p}`]);
  for (const s of ['draft', 'queued', 'sending', 'sent', 'needs_fix', 'returned']) assert.ok(ui[`ui.status.${s}`]);
});

test('storage helpers', () => {
  assert.equal(quotaWarning(81, 100), true);
  assert.equal(quotaWarning(10, 100), false);
  assert.equal(quotaWarning(10, 0), false);
  assert.equal(formatBytes(2048), '2 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});

test('unverified catalog data is named, so the screens never present it as certain', () => {
  const procedure = (code) => load(`../../volunteer_app/catalog/procedures/${code}.json`);
  assert.deepEqual(unverified(procedure('2.000635')), []);
  assert.deepEqual(unverified(procedure('1.000656')), ['fees', 'processing_time']);
  assert.deepEqual(unverified({ unverified: [{ path: 'agency', reason: 'x' }, { path: 'code', reason: 'y' }] }), ['code', 'agency']);
});
