// Short steps share a screen (assets/offline/wizard/sharing.js): the rule on the shipped
// catalog's 2.000635 and 1.001193, the screen being filled keeping its steps (its pin), the errors
// of a shared screen, and moving between screens.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CHECK_STEP, FEE_STEP, screens } from '../../assets/offline/model.js';
import { resolve, startAnswers } from '../../assets/js/rules/validate.js';
import { SCREEN, SHORT, isShort, partLoad, partOrder, pinOf, shareScreens, startIds, wizardScreens, withinPin }
  from '../../assets/offline/wizard/sharing.js';
import { jumpStepId, nextStepId, progress, screenIdOf, stepIndex, stepOfField } from '../../assets/offline/wizard/navigation.js';
import { screenErrors } from '../../assets/offline/wizard/errors.js';
import { allErrors, newDraft } from '../../assets/offline/model.js';

const root = new URL('../../', import.meta.url);
const load = (p) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));
const P635 = load('volunteer_app/catalog/procedures/2.000635.json');
const P1193 = load('volunteer_app/catalog/procedures/1.001193.json');
const TODAY = '2026-11-28';

const build = (proc, answers, opts = {}) => {
  const a = { ...startAnswers(proc), ...answers };
  return wizardScreens(proc, screens(proc, a, TODAY), resolve(proc, a, TODAY), opts);
};
const ids = (list) => list.map((s) => s.parts.map((p) => p.id).join('+'));

test('2.000635 for oneself: everything after the applicant fits one screen', () => {
  const list = build(P635, { applicant_relation: 'self' });
  assert.deepEqual(ids(list), ['applicant', `record+copies_fee+result+${FEE_STEP}+consent`, CHECK_STEP]);
  assert.equal(list[1].kind, 'shared');
  assert.equal(list[1].id, 'record');
  assert.deepEqual(progress(list, 1), { n: 2, total: 2 });
});

test('2.000635 for someone else: the subject\'s questions and the letter make the screens', () => {
  const list = build(P635, { applicant_relation: 'authorised' });
  // The subject's fields are asked: the record step shows nine fields, more than a short step does.
  assert.deepEqual(ids(list), ['applicant', 'record', `copies_fee+documents+result+${FEE_STEP}+consent`, CHECK_STEP]);
});

test('1.001193 by the mother: the mother and the father share one screen, the rest another', () => {
  const list = build(P1193, { applicant_relation: 'mother' });
  assert.deepEqual(ids(list), ['applicant', 'child', 'mother+father', `documents+result+${FEE_STEP}+consent`, CHECK_STEP]);
});

test('the rule: questions are required fields still to answer; a long step keeps its own screen', () => {
  const a = { ...startAnswers(P1193), applicant_relation: 'mother' };
  const r = resolve(P1193, a, TODAY);
  const ctx = { hidden: new Set(r.hidden), linked: new Set([...r.copied, ...r.derived]), start: startIds(P1193), payOptions: 1 };
  const part = (id) => ({ id, kind: 'step', step: P1193.steps.find((s) => s.id === id) });
  // The mother's name, birth date, sex, ID and address are the applicant's; known and nationality start answered.
  assert.deepEqual(partLoad(part('mother'), ctx), { questions: 1, fields: 3 });
  assert.deepEqual(partLoad(part('father'), ctx), { questions: 4, fields: 8 });
  assert.deepEqual(partLoad(part('child'), ctx), { questions: 6, fields: 7 });
  assert.ok(!isShort(partLoad(part('child'), ctx)) && isShort(partLoad(part('father'), ctx)));
  assert.deepEqual(partLoad({ id: FEE_STEP, kind: 'fee' }, ctx), { questions: 0, fields: 0 });
  assert.deepEqual(partLoad({ id: FEE_STEP, kind: 'fee' }, { ...ctx, payOptions: 2 }), { questions: 1, fields: 1 });
  assert.ok(SHORT < SCREEN);
  // A repeatable group is never short; the check page is a screen of its own.
  const groupStep = { id: 'g', kind: 'step', step: { fields: [{ id: 'members', type: 'group', fields: [] }] } };
  assert.ok(!isShort(partLoad(groupStep, ctx)));
});

test('consecutive short steps share while together they ask at most SCREEN questions', () => {
  const parts = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'step', step: { fields: [] } }));
  const q = { a: 3, b: 3, c: 1, d: 9, e: 0 };
  const order = new Map(parts.map((p, i) => [p.id, i]));
  const list = shareScreens([...parts, { id: CHECK_STEP, kind: 'check' }], (p) => ({ questions: q[p.id], fields: q[p.id] }), order);
  assert.deepEqual(ids(list), ['a+b', 'c', 'd', 'e', CHECK_STEP]);
  // The screen being opened starts at its own step.
  const opened = shareScreens(parts, (p) => ({ questions: q[p.id], fields: q[p.id] }), order, null, 'b');
  assert.deepEqual(ids(opened), ['a', 'b+c', 'd', 'e']);
});

test('the screen being filled keeps its steps while its answers change what later steps ask', () => {
  const opened = build(P635, { applicant_relation: 'self' });
  const order = partOrder(P635);
  const pin = pinOf(opened[1], order);
  assert.ok(withinPin(pin, 'record', order) && withinPin(pin, 'documents', order) && !withinPin(pin, 'applicant', order));
  // An exemption on this screen shows the documents step: its slot appears here, in its place.
  const exempt = build(P635, { applicant_relation: 'self', fee_exemption: 'poor' }, { pin });
  assert.deepEqual(ids(exempt), ['applicant', `record+copies_fee+documents+result+${FEE_STEP}+consent`, CHECK_STEP]);
  assert.equal(exempt[1].id, 'record');
  assert.deepEqual(progress(exempt, 1), progress(opened, 1));
  // Loads that grow on the screen being filled: without its pin the screen would split.
  const parts = ['a', 'b', 'c'].map((id) => ({ id, kind: 'step', step: { fields: [] } }));
  const at = new Map(parts.map((p, i) => [p.id, i]));
  const before = shareScreens(parts, () => ({ questions: 2, fields: 2 }), at);
  assert.deepEqual(ids(before), ['a+b+c']);
  const grown = (p) => ({ questions: p.id === 'b' ? 4 : 2, fields: 2 });
  assert.deepEqual(ids(shareScreens(parts, grown, at)), ['a+b', 'c']);
  assert.deepEqual(ids(shareScreens(parts, grown, at, pinOf(before[0], at))), ['a+b+c']);
});

test('moving between shared screens: a step id opens the screen that holds it', () => {
  const list = build(P1193, { applicant_relation: 'mother' });
  assert.equal(stepIndex(list, 'father'), 2);
  assert.equal(screenIdOf(list, 'father'), 'mother');
  assert.equal(screenIdOf(list, FEE_STEP), 'documents');
  assert.equal(nextStepId(list, 2, false), 'documents');
  assert.equal(stepOfField(list, 'father_name'), 'mother');
  assert.equal(stepOfField(list, 'payment_method'), 'documents');
  assert.equal(jumpStepId(list, list.at(-1), { field: 'father_id' }), 'mother');
  assert.equal(jumpStepId(list, list[2], { field: 'father_id' }), 'mother');
});

test('a shared screen shows each of its fields\' errors once, in catalog order', () => {
  const d = newDraft({ procedure: P1193 });
  d.answers = { ...startAnswers(P1193), applicant_relation: 'mother' };
  const list = build(P1193, d.answers);
  const errors = allErrors(P1193, d, TODAY);
  const shown = screenErrors(list[2], errors, P1193, d).map((e) => e.field);
  assert.deepEqual(shown, ['mother_ethnicity', 'father_name', 'father_dob', 'father_id', 'father_ethnicity']);
  const last = screenErrors(list[3], errors, P1193, d).map((e) => e.field);
  assert.deepEqual(last, [...new Set(last)]);
  assert.ok(last.includes('parents_married') && last.includes('consent_data') && last.includes('delivery'));
});

test('a derived value (age from the date of birth) is shown, never asked: no question, no screen of its own', () => {
  const proc = structuredClone(P635);
  proc.steps.splice(1, 0, { id: 'age', title: { vi: 'Tuổi', en: 'Age' },
    fields: [{ id: 'applicant_age', type: 'number', label: { vi: 'Tuổi', en: 'Age' }, derive: 'age(applicant_dob)' }] });
  const a = { ...startAnswers(proc), applicant_relation: 'self', applicant_dob: '1990-06-15' };
  const r = resolve(proc, a, TODAY);
  assert.deepEqual(r.derived, ['applicant_age']);
  assert.equal(r.answers.applicant_age, 36);
  const ctx = { hidden: new Set(r.hidden), linked: new Set([...r.copied, ...r.derived]), start: startIds(proc), payOptions: 1 };
  assert.deepEqual(partLoad({ id: 'age', kind: 'step', step: proc.steps[1] }, ctx), { questions: 0, fields: 0 });
  // Its step asks nothing: the wizard skips it (the check page still shows the value).
  assert.ok(!screens(proc, a, TODAY).some((s) => s.id === 'age'));
  // Beside a question it joins that step's screen, shown as a value.
  proc.steps[1].fields.push({ id: 'age_note', type: 'text', label: { vi: 'Ghi chú', en: 'Note' }, required: true });
  assert.deepEqual(ids(build(proc, { applicant_relation: 'self', applicant_dob: '1990-06-15' })),
    ['applicant', `age+record+copies_fee+result+${FEE_STEP}+consent`, CHECK_STEP]);
});
