// Moving a draft to the procedure's current version once its own version is past the centre's
// grace days (issue 13): every answer that still fits is kept (a consent too, while the new
// version still asks it), and the wizard opens on the first screen that asks something new. Pure, so
// tests/js/offline_version_move.test.mjs runs it under node --test.
import { checkField, isMapping, normalize } from '../../js/rules/fields.js';
import { allErrors, CHECK_STEP, consentRecord, errorsForStep, findField, screens } from '../model.js';

/** Whether a value still fits a field of the new version (its type, options and limits). */
function fits(field, value, doc) {
  const problems = checkField(field, normalize(field, value), { required: false, path: field.id, document: doc });
  return problems.every((p) => p.field !== field.id && !String(p.field).startsWith(`${field.id}.`));
}

function keptItem(group, item) {
  if (!isMapping(item)) return null;
  const out = {};
  for (const sub of group.fields || []) {
    if (Object.prototype.hasOwnProperty.call(item, sub.id) && fits(sub, item[sub.id])) out[sub.id] = item[sub.id];
  }
  return out;
}

/** The answers of `answers` that fit `procedure`: unknown fields and values that no longer fit go. */
export function fittingAnswers(procedure, answers) {
  const docs = new Map((procedure.documents || []).map((d) => [d.id, d]));
  const out = {};
  for (const [id, value] of Object.entries(answers || {})) {
    const field = findField(procedure, id);
    if (!field) continue;
    if (field.type === 'group') {
      if (Array.isArray(value)) out[id] = value.map((item) => keptItem(field, item)).filter(Boolean);
    } else if (fits(field, value, docs.get(field.document))) {
      out[id] = value;
    }
  }
  return out;
}

/** The draft on the current version `procedure`, opened on the first screen that asks something. */
export function movedDraft(procedure, draft, today, now = Date.now()) {
  const answers = fittingAnswers(procedure, draft.answers);
  const extra = { ...(draft.extra || {}) };
  const pay = procedure.payment_options || [];
  if (!pay.includes(extra.payment_method)) {
    if (pay.length === 1) extra.payment_method = pay[0];
    else delete extra.payment_method;
  }
  const moved = { ...draft, answers, extra, server_errors: [], catalog_version: procedure.etag,
    moved_from: draft.catalog_version, updated_at: now };
  moved.consent = consentRecord(procedure, moved);
  const errors = allErrors(procedure, moved, today);
  const first = screens(procedure, answers, today)
    .find((s) => (s.kind === 'step' ? errorsForStep(errors, s.step).length > 0 : s.kind === 'fee' && errors.some((e) => e.field === 'payment_method')));
  return { ...moved, step: first ? first.id : CHECK_STEP };
}
