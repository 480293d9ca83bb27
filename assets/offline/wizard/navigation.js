// Moving between the wizard's screens (sharing.js: visible steps, short ones sharing a screen, the
// fee, the check page). A bare model.screens() part counts as a screen of one. Pure.
import { CHECK_STEP, FEE_STEP } from '../model.js';
import { partsOf } from './sharing.js';

/** The screen that holds this step (the first one when that step is hidden now). */
export const stepIndex = (list, stepId) => Math.max(0, list.findIndex((s) => partsOf(s).some((p) => p.id === stepId)));

/** The id of the screen that holds a step (a step shown on a shared screen opens that screen). */
export const screenIdOf = (list, stepId) => {
  const found = list.find((s) => partsOf(s).some((p) => p.id === stepId));
  return found ? found.id : stepId;
};

/** Continue: the next screen, or back to the check page when the person came from "Sửa". */
export const nextStepId = (list, index, returnToCheck) => (returnToCheck ? CHECK_STEP : list[Math.min(index + 1, list.length - 1)].id);

export const previousStepId = (list, index) => list[Math.max(0, index - 1)].id;

/** The screen that asks for a field (the device's own choices included). */
export function stepOfField(list, fieldId) {
  if (fieldId === 'payment_method') return screenIdOf(list, FEE_STEP);
  if (fieldId === 'centre_code') return CHECK_STEP;
  return list.find((s) => partsOf(s).some((p) => p.kind === 'step' && p.step.fields.some((f) => f.id === fieldId)))?.id;
}

/** Where an error summary link leads: from the check page, the field's own screen; else here. */
export const jumpStepId = (list, current, error) =>
  (current.kind === 'check' ? stepOfField(list, String(error.field).split('.')[0]) : current.id);

/** "Bước n/N": screens, not catalog steps; the check-answers page is not a numbered step. */
export const progress = (list, index) => ({ n: index + 1, total: list.length - 1 });

/** The draft as the check page shows it: copied and derived answers with their resolved value. */
export function withLinked(draft, resolved, linked) {
  if (!linked.size) return draft;
  const answers = { ...draft.answers };
  for (const id of linked) answers[id] = resolved.answers[id];
  return { ...draft, answers };
}
