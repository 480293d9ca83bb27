// Helper for test_rules_js_parity.py: reads [{kind, ...}] on stdin, prints the JS results.
import { readFileSync } from 'node:fs';
import { ExprError, evaluate } from '../../../assets/js/rules/expr.js';
import { normalize, validateField } from '../../../assets/js/rules/fields.js';
import { compute, validate } from '../../../assets/js/rules/validate.js';

const cases = JSON.parse(readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  if (c.kind === 'expr') {
    try {
      return { value: evaluate(c.expr, c.answers, { today: c.today }) };
    } catch (err) {
      if (err instanceof ExprError) return { error: 'ExprError' };
      return { crash: String(err) };
    }
  }
  if (c.kind === 'validate') {
    return { errors: validate(c.procedure, c.answers, c.today), computed: compute(c.procedure, c.answers, c.today) };
  }
  const value = normalize(c.field, c.raw);
  return { value, errors: validateField(c.field, c.raw, { answers: c.answers, today: c.today }) };
});
process.stdout.write(JSON.stringify(out));
