// Fees v2: the rate that applies for a (province, channel), and the total with one line per part.
// Mirrors volunteer_app/domain/catalog/fees.py (see its docstring); tests/vectors/fees_*.json keep
// the two identical.
import { resolve } from '../rules/validate.js';

export const DEFAULT_PART = 'fee';
export const ANY = '*';

const isMapping = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const get = (obj, key) => (isMapping(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null);

function specificity(rate, province, channel) {
  const p = get(rate, 'province');
  const c = get(rate, 'channel');
  if ((p !== ANY && p !== province) || (c !== ANY && c !== channel)) return -1;
  return (p !== ANY ? 2 : 0) + (c !== ANY ? 1 : 0);
}

/** [part id, its rates] in the order parts first appear. */
export function parts(fees) {
  const out = new Map();
  for (const rate of get(fees, 'rates') || []) {
    if (!isMapping(rate)) continue;
    const part = rate.part || DEFAULT_PART;
    if (!out.has(part)) out.set(part, []);
    out.get(part).push(rate);
  }
  return [...out.entries()];
}

/** The most specific rate for (province, channel); the first of equals; null when none applies. */
export function applicableRate(rates, province, channel) {
  let best = null;
  let bestScore = -1;
  for (const rate of rates) {
    const score = specificity(rate, province, channel);
    if (score > bestScore) { best = rate; bestScore = score; }
  }
  return best;
}

function quantityOf(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || !Number.isInteger(value)) return null;
  return value;
}

/**
 * What the citizen pays for these answers: {province, channel, lines: [{part, label, per, amount,
 * quantity, subtotal, note}], total (null while a count is missing), scale (the total is the
 * procedure's computed fee_total), exemptions, basis, note}.
 */
export function feeQuote(procedure, answers, { province = null, channel = 'online', today = null } = {}) {
  const fees = get(procedure, 'fees') || {};
  const resolved = resolve(procedure || {}, answers, today);
  const names = { ...resolved.answers, ...resolved.computed };
  const quantityField = get(fees, 'quantity_field');
  const quantity = quantityField ? quantityOf(get(names, quantityField)) : null;
  const lines = [];
  for (const [part, rates] of parts(fees)) {
    const rate = applicableRate(rates, province, channel);
    if (rate === null) continue;
    const label = rates.find((r) => r.label)?.label ?? null;
    const counted = rate.per !== 'dossier';
    const subtotal = !counted || rate.amount === 0 ? rate.amount : (quantity === null ? null : rate.amount * quantity);
    lines.push({
      part, label, per: rate.per, amount: rate.amount, quantity: counted ? quantity : null, subtotal, note: rate.note ?? null,
    });
  }
  const charged = lines.some((line) => line.amount > 0);
  const scale = quantityOf(get(names, 'fee_total'));
  const usesScale = charged && scale !== null;
  let total;
  if (usesScale) total = scale;
  else if (lines.some((line) => line.subtotal === null)) total = null;
  else total = lines.reduce((sum, line) => sum + line.subtotal, 0);
  return {
    province, channel, lines, total, scale: usesScale,
    exemptions: [...(get(fees, 'exemptions') || [])], basis: [...(get(fees, 'basis') || [])], note: get(fees, 'note'),
  };
}
