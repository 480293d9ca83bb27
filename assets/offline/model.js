// The device draft record and the wizard's pure logic (screens, checklist, consent, summaries).
// No browser APIs here, so tests/js/offline_model.test.mjs runs it under node --test.
import { evaluate, truthy } from '../js/rules/expr.js';
import { isEmpty, normalize } from '../js/rules/fields.js';
import { documentStatus, resolve, validate } from '../js/rules/validate.js';
import { feeQuote } from '../js/catalog/fees.js';
import { unverifiedAreas } from '../js/catalog/unverified.js';
import { STATUS } from './lifecycle/states.js';

export const FEE_STEP = '__fee';
export const CHECK_STEP = '__check';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const b64url = (bytes) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export function uuid4(random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))) {
  const b = random(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const isUuid = (s) => typeof s === 'string'
  && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s);

/** Local date as 'YYYY-MM-DD' (the rules' `today`). */
export function todayIso(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** ISO 8601 local time with the UTC offset, e.g. 2026-11-28T09:15:00+07:00. */
export function localIso(now = new Date()) {
  const p = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const off = -now.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:`
    + `${p(now.getMinutes())}:${p(now.getSeconds())}${sign}${p(off / 60)}:${p(off % 60)}`;
}

/** 'dd/mm/yyyy HH:MM' for a millisecond timestamp. */
export function formatDateTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A new draft. The record is what the outbox later turns into the sync protocol's PUT body
 * (docs/sync-protocol.md): client_uuid = id, version, channel, answers, attachments, consent.
 */
export function newDraft({ procedure, mode = 'citizen', volunteer = '', volunteerName = '', now = Date.now(), id = uuid4(),
  token = b64url(globalThis.crypto.getRandomValues(new Uint8Array(32))) }) {
  const firstStep = (procedure.steps || [])[0];
  return {
    id,
    procedure_code: procedure.code,
    catalog_version: procedure.etag || procedure.verified_on || '',  // the version the draft keeps
    version: 1,
    channel: mode === 'volunteer' ? 'volunteer' : 'citizen',
    owner: mode === 'volunteer' ? (volunteer || 'volunteer') : 'citizen',
    owner_name: mode === 'volunteer' ? (volunteerName || volunteer || '') : '',
    device_token: token,
    status: STATUS.DRAFT,
    step: firstStep ? firstStep.id : CHECK_STEP,
    answers: {},
    extra: {},
    consent: null,
    created_at: now,
    updated_at: now,
    device_created_at: localIso(new Date(now)),
    rev: 0,
  };
}

/** Mask an ID number for lists: keep the last 3 digits ("*********345"). */
export function maskId(value) {
  if (typeof value !== 'string' || !value.trim()) return '';
  const s = value.replace(/\s+/g, '');
  if (s.length <= 3) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 3) + s.slice(-3);
}

/** "Nguyễn Văn An" → "N. V. An", as the server's lists show a citizen (services/codes.mask_name). */
export function maskName(name) {
  const words = typeof name === 'string' ? name.trim().split(/\s+/).filter(Boolean) : [];
  if (!words.length) return '';
  return [...words.slice(0, -1).map((w) => `${[...w][0]}.`), words[words.length - 1]].join(' ').slice(0, 120);
}

function firstFieldOfType(procedure, types) {
  for (const step of procedure.steps || []) {
    for (const field of step.fields || []) if (types.includes(field.type)) return field;
  }
  return null;
}

/** Citizen name and masked ID shown in the drafts list. */
export function draftSummary(procedure, draft) {
  const nameField = firstFieldOfType(procedure, ['full_name']);
  const idField = firstFieldOfType(procedure, ['personal_id', 'old_id']);
  const name = nameField ? normalize(nameField, draft.answers?.[nameField.id]) : null;
  const id = idField ? normalize(idField, draft.answers?.[idField.id]) : null;
  const citizen = typeof name === 'string' ? name : '';
  return { citizen_name: citizen, citizen_masked: maskName(citizen), id_masked: maskId(typeof id === 'string' ? id : '') };
}

function safeTruthy(expr, names, today) {
  try { return truthy(evaluate(expr, names, { today })); } catch { return true; }
}

const isConsentStep = (step) => (step.fields || []).length > 0 && step.fields.every((f) => f.type === 'consent');
export const isLevel4 = (procedure) => procedure.level === 'toan_trinh';

/**
 * Wizard screens for the current answers: visible catalog steps, the level-4 fee and payment
 * screen (before the consent step), then the check-answers page.
 */
export function screens(procedure, answers, today) {
  const { answers: resolved, computed, hidden, copied, derived } = resolve(procedure, answers, today);
  const names = { ...resolved, ...computed };
  const out = [];
  for (const step of procedure.steps || []) {
    if (step.visible_if && !safeTruthy(step.visible_if, names, today)) continue;
    // A step whose every field is hidden, copied from another answer or derived has nothing to ask.
    if ((step.fields || []).length
      && step.fields.every((f) => hidden.includes(f.id) || copied.includes(f.id) || derived.includes(f.id))) continue;
    if (isLevel4(procedure) && isConsentStep(step) && !out.some((s) => s.id === FEE_STEP)) {
      out.push({ id: FEE_STEP, kind: 'fee' });
    }
    out.push({ id: step.id, kind: 'step', step });
  }
  if (isLevel4(procedure) && !out.some((s) => s.id === FEE_STEP)) out.push({ id: FEE_STEP, kind: 'fee' });
  out.push({ id: CHECK_STEP, kind: 'check' });
  return out;
}

/** Errors whose path starts with one of the step's field ids. */
export function errorsForStep(errors, step) {
  const ids = new Set((step.fields || []).map((f) => f.id));
  return errors.filter((e) => ids.has(String(e.field).split('.')[0]));
}

/** Errors of the fee screen (payment choice), with keys from ui.json. */
export function feeErrors(procedure, draft) {
  if (!isLevel4(procedure) || !(procedure.payment_options || []).length) return [];
  const choice = draft.extra?.payment_method;
  if (!choice) return [{ field: 'payment_method', key: 'ui.fee.payment_required', params: {} }];
  if (!procedure.payment_options.includes(choice)) return [{ field: 'payment_method', key: 'choice.invalid', params: {} }];
  return [];
}

/** All errors of the draft: catalog rules plus the wizard's own screens. */
export function allErrors(procedure, draft, today, units = null) {
  return validate(procedure, draft.answers || {}, today, { units }).concat(feeErrors(procedure, draft));
}

/**
 * Fee summary (catalog v2 adapter over js/catalog/fees.js feeQuote; `quote` has the lines):
 * the first part's amount, whether it is per copy, the count, the total.
 */
export function feeSummary(procedure, answers, today, { province = null, channel = 'online' } = {}) {
  const quote = feeQuote(procedure, answers, { today, province, channel });
  const first = quote.lines[0] || { amount: 0, per: 'dossier', quantity: null };
  const perCopy = first.per !== 'dossier';
  return { amount: first.amount, per_copy: perCopy, copies: perCopy ? first.quantity : 1, total: quote.total, exemptions: quote.exemptions, quote };
}

export function findField(procedure, id) {
  for (const step of procedure.steps || []) {
    for (const field of step.fields || []) if (field.id === id) return field;
  }
  return null;
}

/** Document checklist: every catalog document, whether it is required now, and whether it is attached. */
export function checklist(procedure, answers, today) {
  const status = documentStatus(procedure, answers, today);  // the rules' own, as the server's staff list
  const fields = [];
  for (const step of procedure.steps || []) for (const f of step.fields || []) if (f.type === 'document') fields.push(f);
  return (procedure.documents || []).map((doc, i) => {
    const { required, applies } = status[i];
    const slots = fields.filter((f) => f.document === doc.id);
    const attached = slots.some((f) => !isEmpty(answers[f.id]));
    return { id: doc.id, name: doc.name, required, applies, attached, missing: required && !attached, field: slots[0]?.id ?? null };
  });
}

/** The consent record once every consent field of the procedure is ticked, else null. */
export function consentRecord(procedure, draft, now = new Date()) {
  const fields = [];
  for (const step of procedure.steps || []) for (const f of step.fields || []) if (f.type === 'consent') fields.push(f);
  if (!fields.length || !fields.every((f) => draft.answers?.[f.id] === true)) return null;
  const { citizen_name: subject } = draftSummary(procedure, draft);
  const assistedBy = draft.channel === 'volunteer' ? draft.owner : null;
  const given = draft.consent && draft.consent.given ? draft.consent.given_at : localIso(now);
  return {
    given: true,
    given_at: given,
    assisted_by: assistedBy,
    subject,
    statement: consentStatement(draft, assistedBy, subject),
  };
}

/**
 * "tình nguyện viên X hỗ trợ công dân Y" / "công dân Y tự khai". Also rebuilds the statement of a
 * consent read back from the server, which stores who and whom but not the sentence.
 */
export function consentStatement(draft, assistedBy, subject) {
  if (!assistedBy) return `công dân ${subject} tự khai`;
  const helper = draft.owner_name && draft.owner_name !== assistedBy ? `${draft.owner_name} (${assistedBy})` : assistedBy;
  return `tình nguyện viên ${helper} hỗ trợ công dân ${subject}`;
}

/**
 * What of a procedure's catalog entry its source does not confirm (catalog v2 `unverified`, by
 * area): the screens say so rather than present it as certain.
 */
export const unverified = unverifiedAreas;

/** Attachments referenced by the answers ({sha256, document_id, field}). */
export function attachments(procedure, answers) {
  const out = [];
  for (const step of procedure.steps || []) {
    for (const f of step.fields || []) {
      if (f.type !== 'document' || !Array.isArray(answers[f.id])) continue;
      for (const item of answers[f.id]) out.push({ sha256: item.sha256, document_id: f.document, field: f.id });
    }
  }
  return out;
}

/** The PUT /api/v1/dossiers/{client_uuid} body of docs/sync-protocol.md (answers normalised, NFC). */
export function submission(procedure, draft, today) {
  const { answers } = resolve(procedure, draft.answers || {}, today);
  const clean = {};
  for (const [k, v] of Object.entries(answers)) if (!isEmpty(v)) clean[k] = v;
  return {
    procedure_code: draft.procedure_code,
    catalog_version: draft.catalog_version,
    version: draft.version,
    channel: draft.channel,
    answers: clean,
    extra: draft.extra || {},
    attachments: attachments(procedure, draft.answers || {}),
    consent: draft.consent
      ? { given: true, given_at: draft.consent.given_at, assisted_by: draft.consent.assisted_by, subject: draft.consent.subject,
        // The separate keep consent (issue 15), only ever sent when ticked.
        ...(draft.keep_data === true ? { keep: true, ...(draft.keep_months ? { keep_months: draft.keep_months } : {}) } : {}) }
      : null,
    device_created_at: draft.device_created_at,
    ...(draft.centre_code ? { centre_code: draft.centre_code } : {}),
  };
}

/** Accessible DOM id of a field path's first control (error-summary links point here). */
export function controlId(path, field) {
  const base = `f-${String(path).replace(/\./g, '-')}`;
  if (!field) return base;
  switch (field.type) {
    case 'address': return `${base}-province`;
    case 'radio': case 'yes_no': case 'checkbox': return `${base}-0`;
    case 'document': return `${base}-file`;
    case 'group': return `${base}-add`;
    default: return base;
  }
}

/** The field definition for an error path like 'members.0.full_name'. */
export function fieldForPath(procedure, path) {
  const parts = String(path).split('.');
  let field = findField(procedure, parts[0]);
  if (field && field.type === 'group' && parts.length >= 3) {
    field = (field.fields || []).find((f) => f.id === parts[2]) || field;
  }
  return field;
}
