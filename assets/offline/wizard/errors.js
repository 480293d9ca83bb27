// The wizard's errors: gather them (catalog rules, the device's own choices, the server's), keep
// those of the current screen, and describe each for the error summary and inline text.
// Pure (tests/js/offline_wizard.test.mjs).
import { t, tx } from '../i18n.js';
import { allErrors, controlId, errorsForStep, feeErrors, fieldForPath } from '../model.js';
import { centreErrors } from '../centres.js';
import { screenFields } from './sharing.js';

// Answers the device asks for itself (not catalog fields): their label and the control to focus.
const DEVICE_FIELDS = {
  payment_method: { label: 'ui.fee.payment_label', target: 'f-payment_method-0' },
  centre_code: { label: 'ui.centre.label', target: 'f-centre_code' },
};

/** A server message carries its own vi/en text; a device rule's is looked up by key. */
export function msgOf(e, lang) {
  if (e.vi || e.en) return (lang === 'en' ? e.en : e.vi) || e.vi || e.en;
  return t(e.key, e.params || {}, lang);
}

/** Every error of the draft. The server's own "choose a centre" replaces the device's, never doubles it. */
export function draftErrors(proc, draft, today, unitsCheck, centres) {
  const fromServer = draft.server_errors || [];
  const centre = centreErrors(draft, centres).filter((e) => !fromServer.some((x) => x.field === e.field));
  return [...allErrors(proc, draft, today, unitsCheck), ...centre, ...fromServer];
}

/**
 * The errors a screen shows: its steps' fields and the fee screen's choice when it holds them (a
 * shared screen: each error once, in catalog order), or all (check page).
 */
export function screenErrors(current, errors, proc, draft) {
  if (!current) return [];
  if (current.kind === 'check') return errors;
  if (current.kind === 'step') return errorsForStep(errors, current.step);
  if (current.kind === 'fee') return feeErrors(proc, draft);
  const { ids, fee } = screenFields(current);
  const own = errors.filter((e) => ids.has(String(e.field).split('.')[0]));
  return fee ? own.concat(feeErrors(proc, draft)) : own;
}

/**
 * Each error with the path it is shown on (a document item's error on its slot, a group's on the
 * group), the control a summary link focuses, and a text that names the field.
 */
export function describeErrors(errors, proc, lang) {
  return errors.map((e) => {
    const own = DEVICE_FIELDS[e.field];
    const field = own ? null : fieldForPath(proc, e.field);
    const parts = String(e.field).split('.');
    const path = field && field.type === 'document' ? parts[0] : (field && field.type === 'group' && parts.length < 3 ? parts[0] : e.field);
    const group = parts.length >= 3 ? fieldForPath(proc, parts[0]) : null;
    const itemLabel = group && group.type === 'group' ? `${tx(group.item_label, lang) || tx(group.label, lang)} ${Number(parts[1]) + 1} — ` : '';
    const label = field ? itemLabel + tx(field.label, lang) : t((own || DEVICE_FIELDS.payment_method).label, {}, lang);
    const missing = isMissing(e);
    return {
      ...e, path, label, missing,
      target: own ? own.target : controlId(path, field),
      // An empty required field: the summary says "N required items are empty" once and links
      // each by its name; the inline text names the field instead of repeating a generic one.
      text: missing ? label : `${label}: ${msgOf(e, lang)}`,
      inline: missing ? t('assist.required_named', { label }, lang) : msgOf(e, lang),
    };
  });
}

/** An empty required field (the generic "this is required" message of the rules). */
export const isMissing = (e) => e.key === 'field.required' && !e.vi && !e.en;

/** The inline messages of one field path. */
export const messagesFor = (described, path) => described.filter((e) => e.path === path).map((e) => e.inline);

/** Errors that stop Continue (a supplement reason is shown, but does not block). */
export const blocking = (errors) => errors.filter((e) => !e.reason);
