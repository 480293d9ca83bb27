// How the wizard opens and changes its draft, as plain functions (tests/js/offline_wizard.test.mjs).
import { consentRecord, draftSummary, isLevel4, newDraft } from '../model.js';
import { startAnswers } from '../../js/rules/validate.js';
import { STATUS, isLocked, isStub } from '../lifecycle/states.js';
import { ownsDraft } from '../session.js';

/**
 * The draft the wizard shows: the stored one if it is this procedure's and this person's; else a
 * new one (a new id, except when the URL names an id nothing is stored under yet: a reload before
 * the first answer resumes the same draft). Another person's draft on a shared tablet is never
 * opened or overwritten. → {draft, fresh}
 */
export function draftToOpen(proc, stored, mode, urlId, make = newDraft) {
  if (stored && stored.procedure_code === proc.code && ownsDraft(stored, mode)) return { draft: stored, fresh: false };
  const draft = make({ procedure: proc, mode: mode.mode, volunteer: mode.volunteer, volunteerName: mode.volunteerName,
    ...(urlId && !stored ? { id: urlId } : {}) });
  // Nobody is asked what is already known: defaults, a lone option, a count of 1; a lone payment way.
  draft.answers = { ...startAnswers(proc), ...draft.answers };
  const pay = proc.payment_options || [];
  if (isLevel4(proc) && pay.length === 1) draft.extra = { ...draft.extra, payment_method: pay[0] };
  draft.summary = { procedure_name: proc.name, ...draftSummary(proc, draft) };
  return { draft, fresh: true };
}

/** A receipt stub has no answers any more: keep the wizard's derived values computable. */
export const shownDraft = (d) => (d.answers ? d : { answers: {}, extra: {}, ...d });

/** The outbox has it (queued, sending, sent): the wizard shows the sync panel, not the form. */
export const showsSyncPanel = (d) => isLocked(d.status) || isStub(d);

/** Cần sửa / Cần bổ sung open with the errors shown. */
export const opensWithErrors = (d) => d.status === STATUS.NEEDS_FIX || d.status === STATUS.RETURNED;

/**
 * The server's errors on answers a person has since changed are settled: drop them (a change to
 * the payment choice or the centre counts too).
 */
export function pruneServerErrors(prev, next) {
  const changed = new Set(Object.keys({ ...prev.answers, ...next.answers }).filter((k) => prev.answers?.[k] !== next.answers?.[k]));
  if (prev.extra?.payment_method !== next.extra?.payment_method) changed.add('payment_method');
  if (prev.centre_code !== next.centre_code) changed.add('centre_code');
  return (next.server_errors || []).filter((e) => !changed.has(String(e.field).split('.')[0]));
}

/** A person's change applied: server errors pruned, consent record and list summary kept current. */
export function editedDraft(proc, prev, next, now = Date.now()) {
  const out = { ...next, updated_at: now };
  if (out.server_errors?.length) out.server_errors = pruneServerErrors(prev, out);
  out.consent = proc ? consentRecord(proc, out) : out.consent;
  out.summary = { procedure_name: proc?.name, ...(proc ? draftSummary(proc, out) : {}) };
  return out;
}
