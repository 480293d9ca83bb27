// Short steps share a screen (issue 15, "never ask twice"). Pure (tests/js/offline_sharing.test.mjs).
//
// The rule, from the catalog's own data: a step's *questions* are its visible fields that still
// need an answer from the person — required (or required_if), not hidden, not copied or derived,
// and with no starting answer (a `default`, a lone option, a count of 1); a document to
// photograph is a question too. The fee screen asks one question only when there is more than
// one way to pay. A step is *short* when it asks at most SHORT questions and shows at most
// SHORT_FIELDS fields to fill; a repeatable group never is. Consecutive short steps (in catalog
// order, the fee screen in its place) share one screen while together they ask at most SCREEN
// questions. The check page is always a screen of its own.
//
// The screen being filled keeps its steps: it is *pinned* to the catalog span it covered when it
// opened, so an answer on it that shows or hides a step, or changes how many questions a later step
// asks, adds or removes that step's fields in place, never moves fields to another screen. Later
// screens are grouped afresh; the counter ("Bước n/N") is taken when a screen opens.
import { CHECK_STEP, FEE_STEP, isLevel4 } from '../model.js';
import { startAnswers } from '../../js/rules/validate.js';

export const SHORT = 4;
export const SHORT_FIELDS = 8;
export const SCREEN = 6;

const needsAnswer = (f) => !!(f.required || f.required_if);

/** The ids of the fields that start with an answer (startAnswers: defaults, a lone option, a count of 1). */
export const startIds = (procedure) => new Set(Object.keys(startAnswers(procedure)));

/**
 * What a screen part asks now: {questions, fields} (fields: visible fields the person fills).
 * ctx: {hidden: Set, linked: Set, start: Set (ids with a starting answer), payOptions: number}.
 */
export function partLoad(part, ctx) {
  if (part.kind === 'fee') return { questions: ctx.payOptions > 1 ? 1 : 0, fields: ctx.payOptions > 1 ? 1 : 0 };
  if (part.kind !== 'step') return { questions: Infinity, fields: Infinity };
  let questions = 0;
  let fields = 0;
  for (const f of part.step.fields || []) {
    if (ctx.hidden.has(f.id) || ctx.linked.has(f.id)) continue;
    if (f.type === 'group') return { questions: Infinity, fields: Infinity };
    fields += 1;
    if (needsAnswer(f) && !ctx.start.has(f.id)) questions += 1;
  }
  return { questions, fields };
}

export const isShort = (load) => load.questions <= SHORT && load.fields <= SHORT_FIELDS;

const isConsentStep = (step) => (step.fields || []).length > 0 && step.fields.every((f) => f.type === 'consent');

/**
 * The catalog position of every possible part, visible or not: the steps in order, the level-4 fee
 * screen before the first consent step (as model.screens() places it), the check page last.
 */
export function partOrder(procedure) {
  const steps = procedure.steps || [];
  const order = new Map(steps.map((s, i) => [s.id, 2 * i + 2]));
  if (isLevel4(procedure)) {
    const consent = steps.findIndex(isConsentStep);
    order.set(FEE_STEP, consent >= 0 ? 2 * consent + 1 : 2 * steps.length + 1);
  }
  order.set(CHECK_STEP, 2 * steps.length + 3);
  return order;
}

const screenOf = (parts, id = parts[0].id) => ({
  id, kind: parts.length === 1 ? parts[0].kind : 'shared', parts, step: parts[0].step,
});

/**
 * Group the visible parts (model.screens()) into screens. `loadOf(part)` → {questions, fields};
 * `order`: partOrder(procedure);
 * `pin`: {id, from, to} of the screen being filled, or null; `startAt`: a part id that opens a
 * screen (the one being opened: it never joins the screen before it). → [{id, kind, parts, step}]
 */
export function shareScreens(list, loadOf, order, pin = null, startAt = null) {
  const pos = (p) => (order.has(p.id) ? order.get(p.id) : -1);
  const out = [];
  let run = [];
  let runQuestions = 0;
  const close = () => { if (run.length) out.push(screenOf(run)); run = []; runQuestions = 0; };
  for (let i = 0; i < list.length; i += 1) {
    const part = list[i];
    if (pin && pos(part) >= pin.from && pos(part) <= pin.to) {
      close();
      const parts = [];
      while (i < list.length && pos(list[i]) >= pin.from && pos(list[i]) <= pin.to) { parts.push(list[i]); i += 1; }
      i -= 1;
      out.push(screenOf(parts, pin.id));
      continue;
    }
    if (part.kind === 'check' || part.id === CHECK_STEP) { close(); out.push(screenOf([part])); continue; }
    const load = loadOf(part);
    if (!isShort(load)) { close(); out.push(screenOf([part])); continue; }
    if (run.length && (runQuestions + load.questions > SCREEN || part.id === startAt)) close();
    run.push(part);
    runQuestions += load.questions;
  }
  close();
  return out;
}

/** The pin of a screen: its id and the catalog span of its parts. */
export function pinOf(screen, order) {
  const at = screen.parts.map((p) => order.get(p.id) ?? -1);
  return { id: screen.id, from: Math.min(...at), to: Math.max(...at) };
}

/** Whether a part id lies within a pin's span (the screen being filled). */
export const withinPin = (pin, id, order) => !!pin && order.has(id) && order.get(id) >= pin.from && order.get(id) <= pin.to;

/** The parts of a screen (a bare part from model.screens() is a screen of one). */
export const partsOf = (s) => (s && s.parts ? s.parts : s ? [s] : []);

/** The ids of fields whose catalog step asks them on this screen, and whether the fee is on it. */
export function screenFields(s) {
  const ids = new Set();
  let fee = false;
  for (const p of partsOf(s)) {
    if (p.kind === 'step') for (const f of p.step.fields || []) ids.add(f.id);
    if (p.kind === 'fee' || p.id === FEE_STEP) fee = true;
  }
  return { ids, fee };
}

/**
 * The wizard's screens for these answers: model.screens() parts grouped by the rule above.
 * `resolved`: validate.resolve() of the answers; `pin`, `startAt`: as shareScreens().
 */
export function wizardScreens(procedure, list, resolved, { pin = null, startAt = null, order = partOrder(procedure) } = {}) {
  const ctx = {
    hidden: new Set(resolved.hidden || []),
    linked: new Set([...(resolved.copied || []), ...(resolved.derived || [])]),
    start: startIds(procedure),
    payOptions: (procedure.payment_options || []).length,
  };
  return shareScreens(list, (p) => partLoad(p, ctx), order, pin, startAt);
}
