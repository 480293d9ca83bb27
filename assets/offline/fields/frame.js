// What every field widget shares: its DOM ids, the ids that describe it (hint, error), whether it
// is marked optional, and its CSS class. Pure (tests/js/offline_wizard.test.mjs).
import { controlId } from '../model.js';

// Consent boxes, document slots and groups carry their own requirement text.
const NEVER_OPTIONAL = ['consent', 'document', 'group'];
const INPUT_MODE = { personal_id: 'numeric', old_id: 'numeric', phone: 'tel', number: 'decimal', money: 'numeric', email: 'email' };
const AUTOCOMPLETE = { full_name: 'name', phone: 'tel', email: 'email' };

/** Space-separated ids for aria-describedby, or undefined when there are none. */
export const describedBy = (...ids) => ids.filter(Boolean).join(' ') || undefined;

export function fieldFrame(field, path, messages) {
  const base = `f-${path.replace(/\./g, '-')}`;
  const hintId = field.hint ? `${base}-hint` : null;
  const errId = messages.length ? `${base}-error` : null;
  return {
    id: controlId(path, field),
    base,
    messages,
    hintId,
    errId,
    describedBy: describedBy(hintId, errId),
    invalid: messages.length ? true : undefined,
    optional: !field.required && !field.required_if && !NEVER_OPTIONAL.includes(field.type),
    cls: `ts-field${messages.length ? ' ts-field-error' : ''}`,
  };
}

/** The keyboard and autofill a text input asks for. */
export const inputHints = (type) => ({ inputMode: INPUT_MODE[type], autoComplete: AUTOCOMPLETE[type] || 'off' });

/** The catalog document a slot collects (a stand-in when the catalog names none). */
export const slotDocument = (procedure, field) =>
  (procedure.documents || []).find((d) => d.id === field.document) || { accept: [], name: field.label };

/** "JPEG, PDF": the types a document slot accepts, for its hint. */
export const acceptedTypes = (doc) => (doc.accept || []).map((m) => m.split('/')[1].toUpperCase()).join(', ');
