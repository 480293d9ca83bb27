// Whole-form validation and computed values; mirrors volunteer_app/domain/rules/validate.py
// (see its docstring for the order of work and the error order).
import { ExprError, evaluate, isEmpty, references, truthy } from './expr.js';
import { checkField, isMapping, isoDay, normalize } from './fields.js';

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const get = (obj, key) => (isMapping(obj) && hasOwn(obj, key) ? obj[key] : null);

function safe(expr, names, today, scope, fallback) {
  try {
    return evaluate(expr, names, { today, scope });
  } catch (err) {
    if (err instanceof ExprError) return fallback;
    throw err;
  }
}

const hasError = (errors, fieldId) => errors.some(
  (e) => e.field === fieldId || e.field.startsWith(`${fieldId}.`));

class Form {
  constructor(procedure, answers, today) {
    this.procedure = procedure || {};
    this.today = isoDay(today);
    this.answers = isMapping(answers) ? { ...answers } : {};
    this.steps = (this.procedure.steps || []).filter(isMapping);
    this.hidden = [];
    this.derived = [];
    this.copied = [];
    for (const step of this.steps) {
      for (const field of step.fields || []) {
        if (hasOwn(this.answers, field.id)) this.answers[field.id] = normalize(field, this.answers[field.id]);
      }
    }
    for (const step of this.steps) {
      for (const field of step.fields || []) this.linkAll(field, this.answers);
    }
    this.computed = this.compute(this.answers);
    const names = { ...this.answers, ...this.computed };
    for (const step of this.steps) {
      const stepVisible = !hasOwn(step, 'visible_if')
        || truthy(safe(step.visible_if, names, this.today, null, true));
      for (const field of step.fields || []) {
        this.visit(field, field.id, names, null, stepVisible);
        this.answers[field.id] = get(names, field.id);
      }
    }
    this.computed = this.compute(this.answers);
    this.names = { ...this.answers, ...this.computed };
  }

  compute(answers) {
    const values = {};
    for (const item of this.procedure.computed || []) {
      values[item.id] = safe(item.expr, { ...answers, ...values }, this.today, null, null);
    }
    return values;
  }

  /** Give a derived or copied field its value; return 'derived', 'copied' or null. */
  link(field, names, scope) {
    const holder = scope !== null ? scope : names;
    if (field.derive !== undefined && field.derive !== null) {
      holder[field.id] = normalize(field, safe(field.derive, names, this.today, scope, null));
      return 'derived';
    }
    const same = field.same_as;
    if (isMapping(same) && truthy(safe(same.when, names, this.today, scope, false))) {
      const source = same.field;
      const value = scope !== null && hasOwn(scope, source) ? scope[source] : get(names, source);
      holder[field.id] = value === undefined ? null : structuredClone(value);
      return 'copied';
    }
    return null;
  }

  linkAll(field, names) {
    this.link(field, names, null);
    const value = get(names, field.id);
    if (field.type === 'group' && Array.isArray(value)) {
      for (const item of value) {
        if (isMapping(item)) for (const sub of field.fields || []) this.link(sub, names, item);
      }
    }
  }

  /** Decide visibility of one field (and its group items); null out hidden values. */
  visit(field, path, names, scope, parentVisible) {
    const holder = scope !== null ? scope : names;
    const visible = parentVisible && (!hasOwn(field, 'visible_if')
      || truthy(safe(field.visible_if, names, this.today, scope, true)));
    if (!visible) {
      this.hidden.push(path);
      holder[field.id] = null;
      return;
    }
    const linked = this.link(field, names, scope);
    if (linked) (linked === 'derived' ? this.derived : this.copied).push(path);
    const value = get(holder, field.id);
    if (field.type === 'group' && Array.isArray(value)) {
      holder[field.id] = value.map((raw, index) => {
        if (!isMapping(raw)) return raw;
        const item = { ...raw };
        for (const sub of field.fields || []) this.visit(sub, `${path}.${index}.${sub.id}`, names, item, true);
        return item;
      });
    }
  }

  isHidden(path) {
    return this.hidden.includes(path);
  }

  required(field, scope) {
    if (field.required) return true;
    if (hasOwn(field, 'required_if')) return truthy(safe(field.required_if, this.names, this.today, scope, false));
    return false;
  }

  document(field) {
    return (this.procedure.documents || []).find((doc) => get(doc, 'id') === get(field, 'document')) ?? null;
  }

  fieldErrors(field, path, scope, units) {
    if (this.isHidden(path) || this.derived.includes(path) || this.copied.includes(path)) return [];
    const holder = scope !== null ? scope : this.names;
    const value = get(holder, field.id);
    let required = this.required(field, scope);
    const doc = field.type === 'document' ? this.document(field) : null;
    if (doc !== null && !required) {
      required = Boolean(doc.required) || (hasOwn(doc, 'required_if')
        && truthy(safe(doc.required_if, this.names, this.today, null, false)));
    }
    let errors = checkField(field, value, {
      required, path, answers: this.names, scope, today: this.today, units, document: doc,
    });
    if (field.type === 'group' && Array.isArray(value)) {
      value.forEach((item, index) => {
        if (!isMapping(item)) return;
        for (const sub of field.fields || []) {
          errors = errors.concat(this.fieldErrors(sub, `${path}.${index}.${sub.id}`, item, units));
        }
      });
    }
    return errors;
  }

  ruleErrors(errors) {
    const out = [];
    for (const rule of this.procedure.rules || []) {
      const attached = (rule.fields || []).filter((f) => typeof f === 'string');
      if (attached.some((f) => this.isHidden(f) || hasError(errors, f))) continue;
      let passed;
      try {
        if (references(rule.check).some((ref) => isEmpty(evaluate(ref, this.names)))) continue;
        passed = truthy(evaluate(rule.check, this.names, { today: this.today }));
      } catch (err) {
        if (err instanceof ExprError) continue;
        throw err;
      }
      if (passed) continue;
      const params = {};
      for (const [name, expr] of Object.entries(rule.params || {})) {
        params[name] = safe(expr, this.names, this.today, null, null);
      }
      for (const fieldId of attached.length ? attached : ['']) {
        out.push({ field: fieldId, key: rule.message ?? null, params: { ...params } });
      }
    }
    return out;
  }
}

/**
 * Normalised answers with hidden values nulled and linked values filled; the hidden, derived and
 * copied paths (never asked: show derived and copied values read-only); computed values.
 */
export function resolve(procedure, answers, today) {
  const form = new Form(procedure, answers, today);
  return {
    answers: form.answers, hidden: [...form.hidden], computed: form.computed,
    derived: [...form.derived], copied: [...form.copied],
  };
}

const hasDefault = (field) => field.default !== undefined && field.default !== null;

/** The raw answers a new item of a repeatable group starts with (sub-fields' `default`). */
export function initialItem(group) {
  return Object.fromEntries((group?.fields || []).filter(hasDefault).map((f) => [f.id, structuredClone(f.default)]));
}

/** The raw answers a new draft starts with: every top-level field's `default`. */
export function initialAnswers(procedure) {
  const out = {};
  for (const step of procedure?.steps || []) {
    for (const field of step.fields || []) if (hasDefault(field)) out[field.id] = structuredClone(field.default);
  }
  return out;
}

const CHOICES = ['select', 'radio'];
const allowsOne = (field) => (field.min === undefined || field.min === null || field.min <= 1)
  && (field.max === undefined || field.max === null || field.max >= 1);

/**
 * The raw answers a new draft starts with, so nobody is asked what is already known: every
 * top-level field's `default`; a required choice with exactly one option, that option; the fee's
 * count (`fees.quantity_field`, a number) at 1 when 1 is allowed. Derived fields start with nothing.
 */
export function startAnswers(procedure) {
  const out = initialAnswers(procedure);
  const count = procedure?.fees?.quantity_field;
  for (const step of procedure?.steps || []) {
    for (const field of step.fields || []) {
      if (hasOwn(out, field.id) || (field.derive !== undefined && field.derive !== null)) continue;
      const options = field.options || [];
      if (CHOICES.includes(field.type) && options.length === 1 && field.required) out[field.id] = options[0].value;
      else if (field.id === count && field.type === 'number' && allowsOne(field)) out[field.id] = '1';
    }
  }
  return out;
}

/**
 * Each catalog document {id, required, applies} for these answers: required now (`required`, or
 * `required_if` on the resolved answers; an expression error means "not required"), and whether it
 * applies at all (required now, or one of its slots is visible, or the form has no slot for it).
 */
export function documentStatus(procedure, answers, today) {
  const form = new Form(procedure, answers, today);
  const slots = {};
  for (const step of form.steps) {
    for (const field of step.fields || []) {
      if (field.type === 'document') (slots[field.document] ||= []).push(field.id);
    }
  }
  return (form.procedure.documents || []).map((doc) => {
    const required = Boolean(doc.required) || (hasOwn(doc, 'required_if')
      && truthy(safe(doc.required_if, form.names, form.today, null, false)));
    const ids = slots[doc.id] || [];
    return { id: doc.id, required, applies: required || !ids.length || ids.some((id) => !form.isHidden(id)) };
  });
}

/** Computed values ({id: value}); an expression error yields null. */
export function compute(procedure, answers, today) {
  return new Form(procedure, answers, today).computed;
}

/** All errors {field, key, params} of a form, in the documented order. */
export function validate(procedure, answers, today, options = {}) {
  const form = new Form(procedure, answers, today);
  let errors = [];
  for (const step of form.steps) {
    for (const field of step.fields || []) {
      errors = errors.concat(form.fieldErrors(field, field.id, null, options.units ?? null));
    }
  }
  return errors.concat(form.ruleErrors(errors));
}
