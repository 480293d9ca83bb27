// Returning citizens (issue 15): the wizard's side of the kept data ("kho dữ liệu"). Online, once
// the applicant's ID number is filled (typed, or by a CCCD scan), the volunteer may ask for what
// the centre keeps with the citizen's PIN; every field of the shared vocabulary (`vocab`) is then
// prefilled where still empty, and the document slots offer the kept documents. The pure parts
// are tested in tests/js/returning.test.mjs; the two requests are returning-api.js.
import { idProblems, isEmpty } from '../../js/rules/fields.js';

export const ID_MEANING = 'applicant.id_number';
// The retention the keep consent states before the device catalog said (the server's
// KEPT_DATA_MONTHS default); the device catalog carries the server's own (`kept_months`).
export const KEPT_MONTHS = 12;

/** The months the keep consent states: the server's KEPT_DATA_MONTHS as the device holds it. */
export function keptMonths(heldMonths) {
  return Number.isInteger(heldMonths) && heldMonths >= 1 && heldMonths <= 120 ? heldMonths : KEPT_MONTHS;
}

/** The draft after the keep consent was ticked or unticked, remembering the months it stated. */
export function withKeepConsent(draft, ticked, months) {
  const { keep_months: _gone, ...rest } = draft;
  return ticked === true ? { ...rest, keep_data: true, keep_months: months } : { ...rest, keep_data: false };
}

/** The top-level fields of a procedure that have a shared-vocabulary meaning. */
export function vocabFields(proc) {
  const out = [];
  for (const step of proc.steps || []) for (const f of step.fields || []) if (f.vocab) out.push(f);
  return out;
}

/** A 12-digit ID number whose province code exists: worth asking the server about. */
export function offerable(number) {
  const digits = String(number || '').trim();
  return /^\d{12}$/.test(digits) && idProblems(digits, null, null).length === 0;
}

/** A receipt PIN is six digits (services/codes.py pin_for): the sixth one asks the server. */
export const fullPin = (pin) => /^\d{6}$/.test(String(pin || '').trim());

// The key of a procedure's kept choices in the kept values (CHOICES in services/returning/keep.py).
export const CHOICES = 'choices:';

/** The top-level fields of a procedure by id (a kept choice fills one that still exists). */
function topFields(proc) {
  const out = new Map();
  for (const step of proc.steps || []) for (const f of step.fields || []) out.set(f.id, f);
  return out;
}

/** A kept choice still valid for its field: a select/radio value among the field's options. */
function stillValid(field, value) {
  if (!field || field.vocab) return false;
  if ((field.type === 'select' || field.type === 'radio') && (field.options || []).length) {
    return field.options.some((o) => o.value === value);
  }
  return true;
}

/** Answers with every empty shared-vocabulary field filled from `values` (by meaning), and every
 * empty field of this procedure's kept choices (`values["choices:<code>"]`, by id). → {answers, filled} */
export function prefill(proc, answers, values) {
  const out = { ...answers };
  const filled = [];
  for (const f of vocabFields(proc)) {
    const value = values?.[f.vocab];
    if (value === undefined || value === null || !isEmpty(out[f.id])) continue;
    out[f.id] = value;
    filled.push(f.id);
  }
  const choices = values?.[CHOICES + proc.code];
  const fields = topFields(proc);
  for (const [id, value] of Object.entries(choices && typeof choices === 'object' ? choices : {})) {
    if (value === undefined || value === null || !isEmpty(out[id]) || !stillValid(fields.get(id), value)) continue;
    out[id] = value;
    filled.push(id);
  }
  return { answers: out, filled };
}

/** Kept documents that fit a document slot (same catalog document, a type the slot accepts). */
export function keptFor(returning, doc) {
  const docs = returning?.documents || [];
  return docs.filter((k) => k.document_id === doc.id && (!(doc.accept || []).length || doc.accept.includes(k.mime)));
}

/** The draft once the look-up answered: values prefilled; documents and grant kept for the slots. */
export function withKeptData(proc, draft, found, now = Date.now()) {
  const { answers, filled } = prefill(proc, draft.answers || {}, found.values || {});
  return {
    draft: { ...draft, answers, returning: { grant: found.grant, documents: found.documents || [], at: now } },
    filled,
  };
}

/** The draft after a kept document was copied into this dossier on the server (no bytes on the device). */
export function withKeptFile(draft, sha256) {
  const kept = new Set(draft.kept_files || []);
  kept.add(sha256);
  return { ...draft, kept_files: [...kept] };
}
