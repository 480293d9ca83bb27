// Safe expression language; mirrors volunteer_app/domain/rules/expr.py exactly (see its
// docstring for the grammar and semantics). Never uses eval. Only ExprError escapes
// parse()/evaluate().
import { nfc } from './text.js';
import {
  cleanNumber, compareText, isEmpty, isMapping, isNumber, isoDay, parseDate, parseIso, yearsBetween,
} from './fields.js';

export const MAX_SOURCE = 2000;
export const MAX_NESTING = 32;
export const MAX_TREE_DEPTH = 100;
const MAX_VALUE_DEPTH = 32;
const CACHE_SIZE = 1024;

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const TOKEN = new RegExp(
  '(?<ws>[ \\t\\r\\n]+)'
  + '|(?<num>[0-9]+(?:\\.[0-9]+)?)'
  + "|(?<str>'(?:[^'\\\\]|\\\\[\\s\\S])*'|\"(?:[^\"\\\\]|\\\\[\\s\\S])*\")"
  + '|(?<name>[A-Za-z_][A-Za-z0-9_]*(?:\\.(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+))*)'
  + '|(?<op>==|!=|<=|>=|[<>+\\-*/%()\\[\\],])',
  'y',
);
const ESCAPES = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t' };
const NAME_CHAR = /[A-Za-z0-9_.]/;

export class ExprError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ExprError';
  }
}

function makeNode(kind, value = null, children = []) {
  let depth = 1;
  for (const child of children) depth = Math.max(depth, child.depth + 1);
  if (depth > MAX_TREE_DEPTH) throw new ExprError('expression is too deeply nested');
  return { kind, value, children, depth };
}

// ------------------------------------------------------------------ tokenizer

function unescape(body) {
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (ch === '\\') {
      const esc = body[i + 1];
      if (!Object.prototype.hasOwnProperty.call(ESCAPES, esc)) {
        throw new ExprError(`unknown escape \\${esc}`);
      }
      out += ESCAPES[esc];
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

function tokenize(source) {
  const tokens = [];
  let pos = 0;
  while (pos < source.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(source);
    if (!m) throw new ExprError(`unexpected character at ${pos}`);
    const kind = Object.keys(m.groups).find((k) => m.groups[k] !== undefined);
    const text = m[0];
    const start = pos;
    pos = TOKEN.lastIndex;
    if (kind === 'ws') continue;
    if ((kind === 'num' || kind === 'name') && pos < source.length && NAME_CHAR.test(source[pos])) {
      throw new ExprError(`malformed ${kind} at ${start}`);
    }
    if (kind === 'num') {
      const number = cleanNumber(Number(text));
      if (number === null) throw new ExprError('number out of range');
      tokens.push(['num', number]);
    } else if (kind === 'str') {
      tokens.push(['str', nfc(unescape(text.slice(1, -1)))]);
    } else if (kind === 'name') {
      if (text.includes('.') && KEYWORDS.has(text.split('.')[0])) {
        throw new ExprError(`keyword used as a path: ${text}`);
      }
      tokens.push([KEYWORDS.has(text) ? 'kw' : 'name', text]);
    } else {
      tokens.push(['op', text]);
    }
  }
  tokens.push(['end', null]);
  return tokens;
}

// ------------------------------------------------------------------ parser

const ARITY = {
  len: [1, 1], empty: [1, 1], count: [1, 1], sum: [1, 2], min: [1, null], max: [1, null],
  round: [1, 2], age: [1, 2], years_between: [2, 2], date: [1, 1], contains: [2, 2],
  lower: [1, 1], today: [0, 0],
};
const CMP_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  constructor(tokens) {
    this.tokens = tokens;
    this.i = 0;
    this.nesting = 0;
  }

  peek(ahead = 0) {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  take() {
    const tok = this.tokens[this.i];
    this.i += 1;
    return tok;
  }

  at(kind, value = null, ahead = 0) {
    const tok = this.peek(ahead);
    return tok[0] === kind && (value === null || tok[1] === value);
  }

  expect(kind, value) {
    if (!this.at(kind, value)) throw new ExprError(`expected '${value}', found '${this.peek()[1]}'`);
    this.take();
  }

  enter() {
    // Bounds recursion so hostile input cannot blow the stack.
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) throw new ExprError('expression is too deeply nested');
  }

  parse() {
    const node = this.expr();
    if (!this.at('end')) throw new ExprError(`unexpected '${this.peek()[1]}'`);
    return node;
  }

  expr() {
    this.enter();
    const node = this.or();
    this.nesting -= 1;
    return node;
  }

  or() {
    let node = this.and();
    while (this.at('kw', 'or')) {
      this.take();
      node = makeNode('or', null, [node, this.and()]);
    }
    return node;
  }

  and() {
    let node = this.not();
    while (this.at('kw', 'and')) {
      this.take();
      node = makeNode('and', null, [node, this.not()]);
    }
    return node;
  }

  not() {
    if (this.at('kw', 'not')) {
      this.take();
      this.enter();
      const node = makeNode('not', null, [this.not()]);
      this.nesting -= 1;
      return node;
    }
    return this.cmp();
  }

  cmpOp() {
    if (this.at('op') && CMP_OPS.has(this.peek()[1])) return this.peek()[1];
    if (this.at('kw', 'in')) return 'in';
    if (this.at('kw', 'not') && this.at('kw', 'in', 1)) return 'not in';
    return null;
  }

  cmp() {
    let node = this.add();
    const op = this.cmpOp();
    if (op === null) return node;
    this.take();
    if (op === 'not in') this.take();
    node = makeNode('cmp', op, [node, this.add()]);
    if (this.cmpOp() !== null) throw new ExprError('chained comparisons are not allowed; use and');
    return node;
  }

  add() {
    let node = this.mul();
    while (this.at('op', '+') || this.at('op', '-')) {
      const op = this.take()[1];
      node = makeNode('bin', op, [node, this.mul()]);
    }
    return node;
  }

  mul() {
    let node = this.unary();
    while (this.at('op', '*') || this.at('op', '/') || this.at('op', '%')) {
      const op = this.take()[1];
      node = makeNode('bin', op, [node, this.unary()]);
    }
    return node;
  }

  unary() {
    if (this.at('op', '-')) {
      this.take();
      this.enter();
      const node = makeNode('neg', null, [this.unary()]);
      this.nesting -= 1;
      return node;
    }
    return this.primary();
  }

  primary() {
    const [kind, value] = this.take();
    if (kind === 'num' || kind === 'str') return makeNode('lit', value);
    if (kind === 'kw' && (value === 'true' || value === 'false' || value === 'null')) {
      return makeNode('lit', { true: true, false: false, null: null }[value]);
    }
    if (kind === 'op' && value === '(') {
      const node = this.expr();
      this.expect('op', ')');
      return node;
    }
    if (kind === 'op' && value === '[') return makeNode('list', null, this.items(']'));
    if (kind === 'name' && this.at('op', '(')) return this.call(value);
    if (kind === 'name') {
      if (value === 'today') throw new ExprError('use today() for the current date');
      return makeNode('path', value.split('.'));
    }
    throw new ExprError(`unexpected '${value}'`);
  }

  items(close) {
    const items = [];
    if (this.at('op', close)) {
      this.take();
      return items;
    }
    for (;;) {
      items.push(this.expr());
      if (this.at('op', ',')) {
        this.take();
        continue;
      }
      this.expect('op', close);
      return items;
    }
  }

  call(name) {
    if (!Object.prototype.hasOwnProperty.call(ARITY, name)) {
      throw new ExprError(`unknown function ${name}`);
    }
    this.take();
    const args = this.items(')');
    const [low, high] = ARITY[name];
    if (args.length < low || (high !== null && args.length > high)) {
      throw new ExprError(`${name}() takes a different number of arguments`);
    }
    return makeNode('call', name, args);
  }
}

const cache = new Map();

/** Parse (and cache) an expression; throws ExprError on any malformed input. */
export function parse(source) {
  if (typeof source !== 'string') throw new ExprError('expression must be a string');
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  if (source.length > MAX_SOURCE) throw new ExprError('expression is too long');
  const node = new Parser(tokenize(source)).parse();
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(source, node);
  return node;
}

/** Dotted answer paths an expression reads, in first-seen order. */
export function references(expr) {
  const node = typeof expr === 'string' ? parse(expr) : expr;
  const found = [];
  const walk = (n) => {
    if (n.kind === 'path') {
      const path = n.value.join('.');
      if (!found.includes(path)) found.push(path);
    }
    n.children.forEach(walk);
  };
  walk(node);
  return found;
}

// ------------------------------------------------------------------ evaluation

/**
 * Evaluate against answers. options.today is 'YYYY-MM-DD' (or a function returning it);
 * options.scope (e.g. the current group item) shadows answers.
 */
export function evaluate(expr, answers = null, options = {}) {
  const node = typeof expr === 'string' || !expr || typeof expr.kind !== 'string' ? parse(expr) : expr;
  if (answers !== null && answers !== undefined && !isMapping(answers)) {
    throw new ExprError('answers must be a mapping');
  }
  const ctx = { answers: answers ?? {}, scope: options.scope ?? null, today: options.today ?? null };
  return evalNode(node, ctx);
}

export function truthy(value) {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
}

export { isEmpty };

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

function num(value) {
  const cleaned = cleanNumber(value);
  if (cleaned === null) throw new ExprError('number out of range');
  return cleaned;
}

/** Convert an answer into an expression value (NFC strings, int-when-whole numbers). */
export function toValue(raw, depth = 0) {
  if (depth > MAX_VALUE_DEPTH) throw new ExprError('answer is nested too deeply');
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return num(raw);
  if (typeof raw === 'string') return nfc(raw);
  if (Array.isArray(raw)) return raw.map((item) => toValue(item, depth + 1));
  if (isMapping(raw)) {
    const out = {};
    for (const [k, v] of Object.entries(raw)) out[k] = toValue(v, depth + 1);
    return out;
  }
  throw new ExprError(`unsupported answer type ${typeof raw}`);
}

function lookup(segments, ctx) {
  const head = segments[0];
  let current;
  if (ctx.scope !== null && hasOwn(ctx.scope, head)) current = ctx.scope[head];
  else current = hasOwn(ctx.answers, head) ? ctx.answers[head] : null;
  for (const seg of segments.slice(1)) {
    if (isMapping(current)) {
      current = hasOwn(current, seg) ? current[seg] : null;
    } else if (Array.isArray(current) && /^[0-9]+$/.test(seg)) {
      const index = Number(seg);
      current = index < current.length ? current[index] : null;
    } else {
      return null;
    }
  }
  return toValue(current);
}

function evalNode(node, ctx) {
  const { kind } = node;
  if (kind === 'lit') return node.value;
  if (kind === 'path') return lookup(node.value, ctx);
  if (kind === 'list') return node.children.map((c) => evalNode(c, ctx));
  if (kind === 'and') {
    const left = evalNode(node.children[0], ctx);
    return truthy(left) ? evalNode(node.children[1], ctx) : left;
  }
  if (kind === 'or') {
    const left = evalNode(node.children[0], ctx);
    return truthy(left) ? left : evalNode(node.children[1], ctx);
  }
  if (kind === 'not') return !truthy(evalNode(node.children[0], ctx));
  if (kind === 'neg') {
    const value = evalNode(node.children[0], ctx);
    if (value === null) return null;
    if (!isNumber(value)) throw new ExprError('unary minus needs a number');
    return num(-value);
  }
  if (kind === 'bin') {
    return arith(node.value, evalNode(node.children[0], ctx), evalNode(node.children[1], ctx));
  }
  if (kind === 'cmp') {
    return compare(node.value, evalNode(node.children[0], ctx), evalNode(node.children[1], ctx));
  }
  return call(node.value, node.children.map((c) => evalNode(c, ctx)), ctx);
}

function arith(op, a, b) {
  if (a === null || b === null) return null;
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return nfc(a + b);
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (!(isNumber(a) && isNumber(b))) throw new ExprError(`${op} needs two numbers`);
  if (op === '+') return num(a + b);
  if (op === '-') return num(a - b);
  if (op === '*') return num(a * b);
  if (b === 0) throw new ExprError('division by zero');
  if (op === '/') return num(a / b);
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw new ExprError('% needs whole numbers');
  return num(((a % b) + b) % b); // floored modulo: the sign of the divisor, as in Python
}

/** Deep equality without type coercion (shared with validation). */
export function equal(a, b) {
  if (isNumber(a) && isNumber(b)) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => hasOwn(b, k) && equal(a[k], b[k]));
  }
  if (Array.isArray(a) || Array.isArray(b) || isMapping(a) || isMapping(b)) return false;
  return a === b;
}

function compare(op, a, b) {
  if (op === '==') return equal(a, b);
  if (op === '!=') return !equal(a, b);
  if (op === 'in' || op === 'not in') {
    const found = contains(b, a);
    return op === 'in' ? found : !found;
  }
  if (a === null || b === null) return null;
  let order;
  if (isNumber(a) && isNumber(b)) order = a < b ? -1 : a > b ? 1 : 0;
  else if (typeof a === 'string' && typeof b === 'string') order = compareText(a, b);
  else throw new ExprError(`${op} needs two numbers or two strings`);
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

function contains(container, item) {
  if (container === null) return false;
  if (Array.isArray(container)) return container.some((x) => equal(item, x));
  if (typeof container === 'string') {
    if (item === null) return false;
    if (typeof item !== 'string') throw new ExprError('only text can be found in text');
    return container.includes(item);
  }
  throw new ExprError('in needs a list or text on the right');
}

function dateArg(value) {
  if (value === null) return null;
  if (typeof value !== 'string') throw new ExprError('dates are text like 2025-07-01');
  const canonical = parseDate(value);
  return canonical ? parseIso(canonical) : null;
}

function todayOf(ctx) {
  const value = isoDay(typeof ctx.today === 'function' ? ctx.today() : ctx.today);
  if (parseIso(value) === null) throw new ExprError('today() is not available in this context');
  return value;
}

function extremes(name, args) {
  const source = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  const values = source.filter((v) => v !== null);
  if (values.length === 0) return null;
  let order;
  if (values.every(isNumber)) order = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  else if (values.every((v) => typeof v === 'string')) order = compareText;
  else throw new ExprError(`${name}() needs numbers or text of one kind`);
  let best = values[0];
  for (const v of values.slice(1)) {
    if (name === 'min' ? order(v, best) < 0 : order(v, best) > 0) best = v;
  }
  return best;
}

function round(value, digits) {
  if (value === null) return null;
  if (!isNumber(value) || !Number.isInteger(digits) || digits < 0 || digits > 10) {
    throw new ExprError('round(number, digits 0..10)');
  }
  // Half away from zero, computed the same way in Python.
  const scale = 10 ** digits;
  const rounded = Math.floor(Math.abs(value) * scale + 0.5);
  return num(((value < 0 ? -1 : 1) * rounded) / scale);
}

function sum(items, key) {
  if (items === null) return 0;
  if (!Array.isArray(items) || (key !== null && typeof key !== 'string')) {
    throw new ExprError("sum(list) or sum(list, 'field')");
  }
  let total = 0;
  for (let item of items) {
    if (key !== null) {
      if (item !== null && !isMapping(item)) throw new ExprError("sum(list, 'field') needs a list of objects");
      item = item !== null && hasOwn(item, key) ? item[key] : null;
    }
    if (item === null) continue;
    if (!isNumber(item)) throw new ExprError('sum() needs numbers');
    total = num(total + item);
  }
  return total;
}

function call(name, args, ctx) {
  const first = args.length > 0 ? args[0] : null;
  switch (name) {
    case 'today':
      return todayOf(ctx);
    case 'len':
      if (first === null) return 0;
      if (typeof first === 'string') return Array.from(first).length; // code points, as Python
      if (Array.isArray(first)) return first.length;
      throw new ExprError('len() needs text or a list');
    case 'empty':
      return isEmpty(first);
    case 'count':
      if (first === null) return 0;
      if (!Array.isArray(first)) throw new ExprError('count() needs a list');
      return first.filter((item) => !isEmpty(item)).length;
    case 'sum':
      return sum(first, args.length > 1 ? args[1] : null);
    case 'min':
    case 'max':
      return extremes(name, args);
    case 'round':
      return round(first, args.length > 1 ? args[1] : 0);
    case 'age': {
      const end = args.length > 1 ? dateArg(args[1]) : parseIso(todayOf(ctx));
      const start = dateArg(first);
      return start === null || end === null ? null : yearsBetween(start, end);
    }
    case 'years_between': {
      const start = dateArg(first);
      const end = dateArg(args[1]);
      return start === null || end === null ? null : yearsBetween(start, end);
    }
    case 'date':
      if (first === null) return null;
      if (typeof first !== 'string') throw new ExprError('date() needs text');
      return parseDate(first);
    case 'contains':
      return contains(first, args[1]);
    case 'lower':
      if (first === null) return null;
      if (typeof first !== 'string') throw new ExprError('lower() needs text');
      return nfc(first.toLowerCase());
    default:
      throw new ExprError(`unknown function ${name}`);
  }
}
