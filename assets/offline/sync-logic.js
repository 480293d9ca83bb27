// The outbox's pure logic: retry backoff and Retry-After, what a server answer means for the
// device states of docs/sync-protocol.md §4 (lifecycle/states.js), and the reload of a returned
// dossier. No browser APIs here, so tests/js/offline_sync.test.mjs runs it under node --test.
import { isWaiting } from './lifecycle/states.js';
import { CHECK_STEP, consentStatement } from './model.js';

export const CHUNK_SIZE = 256 * 1024;
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** How often the device asks the server about dossiers it has sent (returned for a supplement?). */
export const POLL_EVERY_MS = 10 * 60 * 1000;

/**
 * Delay before retry number `attempt` (1 = first retry): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a centre's tablets that lost the same Wi-Fi do not retry in step.
 */
export function backoffMs(attempt, random = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS) {
  const n = Math.max(1, Math.floor(attempt));
  const ceiling = Math.min(cap, base * 2 ** Math.min(n - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Which outbox rows are due now (queued and their time has come), oldest first. */
export function dueRows(rows, now) {
  return rows.filter((r) => isWaiting(r) && (r.next_attempt_at || 0) <= now).sort((a, b) => a.seq - b.seq);
}

/** The earliest next attempt among rows still waiting (null: nothing to wait for). */
export function nextWake(rows) {
  const times = rows.filter(isWaiting).map((r) => r.next_attempt_at || 0);
  return times.length ? Math.min(...times) : null;
}

/** Percentage for "Đang gửi (x%)": bytes of attachments plus one unit for the PUT itself. */
export function percent(sentBytes, totalBytes) {
  const total = totalBytes + 1;
  return Math.max(0, Math.min(100, Math.floor((100 * Math.min(sentBytes, totalBytes)) / total)));
}

/** Field errors out of an error body `{detail: {key, vi, en, errors?}}`. */
export function fieldErrors(detail, fallbackField = null) {
  if (detail && Array.isArray(detail.errors) && detail.errors.length) {
    return detail.errors.map((e) => ({ field: String(e.field), key: e.key, params: e.params || {}, vi: e.vi, en: e.en }));
  }
  if (detail && typeof detail === 'object' && detail.key) {
    return [{ field: fallbackField || '', key: detail.key, params: {}, vi: detail.vi, en: detail.en }];
  }
  if (Array.isArray(detail)) {  // FastAPI's own request-shape errors
    return detail.map((e) => ({ field: (e.loc || []).filter((x) => x !== 'body').join('.'), key: 'sync.bad_request', params: {}, vi: e.msg, en: e.msg }));
  }
  return [{ field: fallbackField || '', key: 'sync.bad_request', params: {} }];
}

/**
 * What an answer to the dossier PUT means for the device:
 *   sent      — 200/201: the server has it; keep the stub only
 *   needs_fix — 400/409/413/415/422: a person must change something (Cần sửa), no automatic retry.
 *               On this endpoint a 409 is the server's word on the dossier itself
 *               (dossier.conflict, version_unexpected, not_resubmittable).
 *   retry     — network failure, 408/423/425/429/5xx, 401/403/404: try again later
 */
export function putOutcome(status) {
  if (status === 200 || status === 201) return 'sent';
  if ([400, 409, 413, 415, 422].includes(status)) return 'needs_fix';
  return 'retry';
}

/**
 * What a failed upload (tus) means. Only the server's checks of the file need a person: 400, 413
 * (too large), 415, 422 (type, checksum). On the upload endpoint 409 is an offset mismatch (ask
 * HEAD and resume from the server's offset, as tus-js-client does) and 423 a locked upload
 * (another request is writing it, as tusd answers): both mean "try again", as 429, 5xx and the
 * network do.
 */
export function uploadOutcome(status) {
  return [400, 413, 415, 422].includes(status) ? 'needs_fix' : 'retry';
}

/**
 * Should tus-js-client retry at once (its short in-attempt delays)? Not on 429/503: the server
 * asked for a wait (Retry-After), which the outbox honours; nor while offline.
 */
export function uploadRetriesNow(status, online = true) {
  if (!online || status === 429 || status === 503) return false;
  return status === 0 || status >= 500 || status === 409 || status === 423;
}

/**
 * The PUT answer as the runner acts on it: 'sent' (with a receipt), 'sign_in' (the volunteer's
 * session is gone: hold the dossier for it), 'needs_fix' or 'retry'.
 */
export function putVerdict(status, payload, channel) {
  const what = putOutcome(status);
  if (what === 'sent') return payload && payload.code ? 'sent' : 'retry';
  if (channel === 'volunteer' && status === 401) return 'sign_in';
  return what;
}

/** The longest wait a Retry-After may impose: a broken header must not park dossiers for days. */
export const RETRY_AFTER_CAP_MS = 60 * 60 * 1000;

/** A Retry-After header (a delay in seconds, or an HTTP date) → milliseconds from `now`, or null. */
export function retryAfterMs(header, now = Date.now()) {
  if (header === null || header === undefined) return null;
  const text = String(header).trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Math.min(RETRY_AFTER_CAP_MS, Number(text) * 1000);
  if (!/^[A-Za-z]{3}/.test(text)) return null;  // an HTTP date starts with its day name ("Sat, 28 Nov …")
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, at - now));
}

/**
 * When to try a dossier again after attempt number `attempts`: the backoff, or later if the server
 * asked (Retry-After). `notBefore` stays on the row, so the connection coming back does not send
 * the dossier before the server's time.
 */
export function nextAttemptAt(attempts, now, retryAfter = null, random = Math.random) {
  const wait = Math.max(backoffMs(attempts, random), retryAfter ?? 0);
  return { dueAt: now + wait, notBefore: retryAfter === null ? 0 : now + retryAfter };
}

const pad = (n) => String(n).padStart(2, '0');

/** Server (resolved) value → the value the wizard shows as typed. */
function typedValue(field, value) {
  if (value === null || value === undefined) return value;
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  if ((field.type === 'number' || field.type === 'money') && typeof value === 'number') return String(value);
  if (field.type === 'group' && Array.isArray(value)) {
    return value.map((item) => typedAnswers(field.fields || [], item || {}));
  }
  return value;
}

function typedAnswers(fields, answers) {
  const out = {};
  const byId = new Map(fields.map((f) => [f.id, f]));
  for (const [k, v] of Object.entries(answers || {})) {
    const f = byId.get(k);
    out[k] = f ? typedValue(f, v) : v;
  }
  return out;
}

/** The answers a server read-back returns (resolved: ISO dates, numbers) as the wizard stores them. */
export function answersForWizard(procedure, answers) {
  const fields = (procedure.steps || []).flatMap((s) => s.fields || []);
  return typedAnswers(fields, answers);
}

/**
 * Which answers a returned dossier lets the citizen change: the fields named by the reasons
 * (`field:<path>`, first segment) and the document slots of named documents (`document:<id>`).
 */
export function editableFields(procedure, reasons) {
  const out = new Set();
  const fields = (procedure.steps || []).flatMap((s) => s.fields || []);
  for (const r of reasons || []) {
    const target = String(r.target || '');
    if (target.startsWith('field:')) out.add(target.slice(6).split('.')[0]);
    if (target.startsWith('document:')) {
      const doc = target.slice(9);
      for (const f of fields) if (f.type === 'document' && f.document === doc) out.add(f.id);
    }
  }
  return out;
}

/** The reasons as field errors, so the wizard shows them where the field is. */
export function reasonErrors(procedure, reasons) {
  const fields = (procedure.steps || []).flatMap((s) => s.fields || []);
  const out = [];
  for (const r of reasons || []) {
    const target = String(r.target || '');
    let field = null;
    if (target.startsWith('field:')) field = target.slice(6);
    if (target.startsWith('document:')) field = fields.find((f) => f.type === 'document' && f.document === target.slice(9))?.id || null;
    if (field) out.push({ field, key: r.key || 'sync.returned_reason', params: {}, vi: r.text, en: r.text, reason: true });
  }
  return out;
}

/** What a read-back of a sent dossier means: returned for a supplement (this version), or news only. */
export const pollVerdict = (stub, info) => (info.state === 'needs_supplement' && info.version === stub.version ? 'reopen' : 'polled');

/**
 * A dossier returned for a supplement comes back as `returned`: the reasons on their fields, only
 * those editable, resent as version + 1. The answers come from the read-back (sent to the token
 * holder while the dossier is needs_supplement); without them the stub shows the reasons only.
 */
export function returnedChanges(stub, info, procedure, now) {
  const reasons = info.reasons || [];
  const changes = { reasons, note: info.note || '', server_state: info.state, polled_at: now, updated_at: now };
  if (procedure && info.answers && typeof info.answers === 'object') {
    Object.assign(changes, {
      answers: answersForWizard(procedure, info.answers), version: info.version + 1, step: CHECK_STEP,
      server_errors: reasonErrors(procedure, reasons), extra: stub.extra || {},
      consent: info.consent
        ? { ...info.consent, statement: consentStatement(stub, info.consent.assisted_by, info.consent.subject || '') } : null,
      device_created_at: info.device_created_at || null,
      catalog_version: procedure.etag || procedure.verified_on || '',
    });
  }
  return changes;
}

export const formatReceived = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
};
