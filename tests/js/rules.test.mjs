// Runs every parity vector (tests/vectors/{expr,fields,validate,fees}_*.json) against the browser
// rules; tests/domain/rules/test_rules_vectors.py runs the same files against Python.
// Usage: node --test tests/js/
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ExprError, evaluate, parse, references } from '../../assets/js/rules/expr.js';
import {
  FIELD_TYPES, formatDate, formatMoney, normalize, parseDate, validateField,
} from '../../assets/js/rules/fields.js';
import { formatMessage, mergeCatalogs } from '../../assets/js/rules/messages.js';
import { fold, nfc } from '../../assets/js/rules/text.js';
import {
  compute, documentStatus, initialAnswers, initialItem, resolve, startAnswers, validate,
} from '../../assets/js/rules/validate.js';
import { applicableRate, feeQuote } from '../../assets/js/catalog/fees.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VECTORS = join(ROOT, 'tests', 'vectors');
const MESSAGES = join(ROOT, 'volunteer_app', 'i18n', 'messages');

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const vectorFiles = readdirSync(VECTORS)
  .filter((name) => /^(expr|fields|validate|fees)_.*\.json$/.test(name))
  .sort();
const catalog = mergeCatalogs(...readdirSync(MESSAGES)
  .filter((name) => name.endsWith('.json')).sort().map((name) => readJson(join(MESSAGES, name))));

const unitsLookup = (table) => (table ? (province, commune) => (
  Object.prototype.hasOwnProperty.call(table, province)
  && (commune === null || table[province].includes(commune))) : null);

const FORMATTERS = { money: formatMoney, date: formatDate, fold, nfc, parse_date: parseDate };

function run(c) {
  switch (c.kind) {
    case 'expr':
      try {
        return { value: evaluate(c.expr, c.answers, { today: c.today, scope: c.scope ?? null }) };
      } catch (err) {
        if (err instanceof ExprError) return { error: 'ExprError' };
        throw err;
      }
    case 'references':
      return { value: references(c.expr) };
    case 'normalize':
      return { value: normalize(c.field, c.raw) };
    case 'field': {
      const errors = validateField(c.field, c.value, {
        answers: c.answers, today: c.today, units: unitsLookup(c.units), document: c.document ?? null,
        required: c.required ?? null,
      });
      const out = { keys: errors.map((e) => e.key) };
      if (c.expect.errors) out.errors = errors;
      return out;
    }
    case 'format':
      return { value: FORMATTERS[c.fn](c.input) };
    case 'validate': {
      const errors = validate(c.procedure, c.answers, c.today, { units: unitsLookup(c.units) });
      const want = c.expect.errors;
      const shaped = errors.slice(0, want.length).map((e, i) => Object.fromEntries(
        ['field', 'key', 'params'].filter((k) => k in want[i]).map((k) => [k, e[k]])));
      return { errors: shaped.concat(errors.slice(want.length)) };
    }
    case 'compute':
      return { value: compute(c.procedure, c.answers, c.today) };
    case 'resolve': {
      const resolved = resolve(c.procedure, c.answers, c.today);
      return Object.fromEntries(['hidden', 'answers', 'derived', 'copied']
        .filter((k) => k in c.expect).map((k) => [k, resolved[k]]));
    }
    case 'initial':
      return { value: initialAnswers(c.procedure) };
    case 'initial_item':
      return { value: initialItem(c.field) };
    case 'start':
      return { value: startAnswers(c.procedure) };
    case 'documents':
      return { value: documentStatus(c.procedure, c.answers, c.today) };
    case 'rate':
      return { value: applicableRate(c.rates, c.province, c.channel) };
    case 'fee_quote':
      return { value: feeQuote(c.procedure, c.answers, { province: c.province, channel: c.channel, today: c.today }) };
    case 'message':
      return { value: formatMessage(catalog, c.key, c.params, c.lang) };
    default:
      throw new Error(`unknown vector kind ${c.kind}`);
  }
}

const allCases = vectorFiles.flatMap((name) => readJson(join(VECTORS, name)));

test('enough vectors, covering every field type', () => {
  assert.ok(allCases.length >= 320, `only ${allCases.length} vectors`);
  const checked = new Set(allCases.filter((c) => c.kind === 'field').map((c) => c.field.type));
  for (const type of FIELD_TYPES) assert.ok(checked.has(type), `no field vector for ${type}`);
});

for (const name of vectorFiles) {
  test(name, async (t) => {
    for (const c of readJson(join(VECTORS, name))) {
      await t.test(c.id, () => {
        assert.deepStrictEqual(run(c), c.expect);
      });
    }
  });
}

test('only ExprError escapes parse() for hostile input', () => {
  const samples = ['', '(', '"', "'\\", '1'.repeat(3000), '('.repeat(500), 'a.'.repeat(50), '\u0000', '😀',
    '-'.repeat(1000) + '1', 'not '.repeat(500) + '1', '[' .repeat(300), 'len(' .repeat(300)];
  for (const source of samples) {
    assert.throws(() => parse(source), ExprError, JSON.stringify(source.slice(0, 20)));
  }
  assert.throws(() => parse(null), ExprError);
  assert.throws(() => parse(42), ExprError);
  assert.throws(() => evaluate('a', 'not a mapping'), ExprError);
});

test('every key the validators emit exists in the catalog in both languages', () => {
  const keys = new Set();
  for (const c of allCases) {
    if (c.kind === 'field') run(c).keys.forEach((k) => keys.add(k));
    if (c.kind === 'validate') {
      validate(c.procedure, c.answers, c.today).forEach((e) => {
        if (!e.key.startsWith('rule.')) keys.add(e.key);
      });
    }
  }
  assert.ok(keys.size > 30);
  for (const key of keys) {
    assert.equal(typeof catalog[key]?.vi, 'string', key);
    assert.equal(typeof catalog[key]?.en, 'string', key);
  }
});

test('today may be a local Date, never read from the clock by the rules', () => {
  const local = new Date(2026, 10, 28, 0, 30); // 00:30 local time, still 28/11 on the tablet
  assert.equal(evaluate('today()', {}, { today: local }), '2026-11-28');
  assert.equal(evaluate('today()', {}, { today: () => '2024-02-29' }), '2024-02-29');
  assert.throws(() => evaluate('today()', {}), ExprError);
  const procedure = { steps: [{ id: 's', fields: [{ id: 'd', type: 'date', not_future: true }] }] };
  assert.deepEqual(validate(procedure, { d: '29/11/2026' }, local).map((e) => e.key), ['date.future']);
});

test('parse() caches trees', () => {
  assert.equal(parse('a + 1'), parse('a + 1'));
});
