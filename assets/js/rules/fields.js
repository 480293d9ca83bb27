// Field types and canonical values; mirrors volunteer_app/domain/rules/{values,id_numbers,fields}.py.
// normalize(field, raw) never throws: input it cannot make canonical is returned (trimmed) as it
// is and checkField reports it. '', blank text, [] and null all normalise to null ("no answer").
import { fold, nfc } from './text.js';

// ------------------------------------------------------------------ values (values.py)

// Largest integer both Python and JS represent exactly; bigger values are rejected, not rounded.
export const MAX_SAFE = 9007199254740991;
const WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const TRIM = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
const COLLAPSE = new RegExp(`[${WS}]+`, 'g');
const ISO = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DMY = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/;
const NUM_GROUPED = /^-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$/;
const NUM_COMMA = /^-?[0-9]+(?:,[0-9]+)?$/;
const NUM_DOT = /^-?[0-9]+(?:\.[0-9]+)?$/;
const MONEY = /^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$/;
const MONEY_SUFFIX = /(?:đồng|đ|vnđ|vnd)$/iu;
const BLANKS = /[ \t\u00a0\u202f]+/g;

export const trim = (value) => value.replace(TRIM, '');
export const isNumber = (value) => typeof value === 'number';
export const isMapping = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const get = (obj, key) => (isMapping(obj) && hasOwn(obj, key) ? obj[key] : null);

/** Code-point order (as Python), not UTF-16 code-unit order. */
export function compareText(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after every BMP character.
      if (x >= 0xd800 && x <= 0xdfff) x += 0x2000; else if (x >= 0xe000) x -= 0x800;
      if (y >= 0xd800 && y <= 0xdfff) y += 0x2000; else if (y >= 0xe000) y -= 0x800;
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export const isLeap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

export function daysInMonth(year, month) {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const validDate = (y, m, d) => y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

/** Strict canonical 'YYYY-MM-DD' → [y, m, d], or null when not a real calendar date. */
export function parseIso(value) {
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value);
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number);
  return validDate(y, mo, d) ? [y, mo, d] : null;
}

const pad = (n, width) => String(n).padStart(width, '0');

/** A Date (local calendar day, as the tablet shows it) or text → 'YYYY-MM-DD' text. */
export function isoDay(value) {
  if (value instanceof Date) {
    return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1, 2)}-${pad(value.getDate(), 2)}`;
  }
  return value ?? null;
}

/** Accept 'YYYY-MM-DD', 'dd/mm/yyyy' or 'd/m/yyyy' (also - or .); return canonical or null. */
export function parseDate(value) {
  if (typeof value !== 'string') return null;
  const text = trim(value);
  if (parseIso(text)) return text;
  const m = DMY.exec(text);
  if (!m) return null;
  const [d, mo, y] = m.slice(1).map(Number);
  if (!validDate(y, mo, d)) return null;
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
}

/** Whole years from start to end (a 29/02 birthday counts on 01/03 in common years). */
export function yearsBetween(start, end) {
  let years = end[0] - start[0];
  if (end[1] < start[1] || (end[1] === start[1] && end[2] < start[2])) years -= 1;
  return years;
}

/** Non-finite or unsafe magnitudes become null; -0 becomes 0. */
export function cleanNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_SAFE) return null;
  return value === 0 ? 0 : value;
}

/** Vietnamese style: '8.000' = 8000, '1.234,5' = 1234.5, '12,5' = 12.5, '8.5' = 8.5. */
export function parseNumber(value) {
  if (isNumber(value)) return cleanNumber(value);
  if (typeof value !== 'string') return null;
  let text = trim(value).replace(BLANKS, '');
  if (NUM_GROUPED.test(text)) text = text.replace(/\./g, '').replace(',', '.');
  else if (NUM_COMMA.test(text)) text = text.replace(',', '.');
  else if (!NUM_DOT.test(text)) return null;
  return cleanNumber(Number(text));
}

/** Whole đồng: '8.000', '8,000', '8000 đ', '8.000 đồng' → 8000; anything else → null. */
export function parseMoney(value) {
  if (isNumber(value)) {
    const cleaned = cleanNumber(value);
    return cleaned !== null && Number.isInteger(cleaned) && cleaned >= 0 ? cleaned : null;
  }
  if (typeof value !== 'string') return null;
  const text = trim(value).replace(BLANKS, '').replace(MONEY_SUFFIX, '');
  if (!MONEY.test(text)) return null;
  const amount = Number(text.replace(/[.,]/g, ''));
  return amount <= MAX_SAFE ? amount : null;
}

export function groupThousands(value, sep = '.') {
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return (value < 0 ? '-' : '') + digits;
}

/** 8000 → '8.000 đ'; unparseable input → ''. */
export function formatMoney(amount) {
  const parsed = parseNumber(amount);
  if (parsed === null || !Number.isInteger(parsed)) return '';
  return `${groupThousands(parsed)} đ`;
}

/** '2025-07-01' → '01/07/2025'; other text is returned unchanged, non-text as ''. */
export function formatDate(value) {
  if (typeof value !== 'string') return '';
  const canonical = parseDate(value);
  if (canonical === null) return value;
  const [y, m, d] = canonical.split('-');
  return `${d}/${m}/${y}`;
}

/** The 'no answer' test shared with expressions: null, blank text, [], objects of empties. */
export function isEmpty(value) {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return trim(value) === '';
  if (Array.isArray(value)) return value.length === 0;
  // An object (address, group item) with nothing filled in is no answer either.
  if (isMapping(value)) return Object.values(value).every(isEmpty);
  return false;
}

// ------------------------------------------------------------------ ID numbers (id_numbers.py)

// Birth-registration province codes, Phụ lục TT 59/2021/TT-BCA; old codes stay valid after 2025.
export const PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020',
  '022', '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038',
  '040', '042', '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060',
  '062', '064', '066', '067', '068', '070', '072', '074', '075', '077', '079', '080', '082',
  '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

export function centuryDigit(year, sex) {
  if (year < 1900 || year > 2399) return null;
  return 2 * (Math.floor(year / 100) - 19) + (sex === 'nu' ? 1 : 0);
}

/** Structural problems of a 12-digit number, as message-key suffixes, in a fixed order. */
export function idProblems(number, birth, sex) {
  const problems = [];
  if (!PROVINCE_CODES.has(number.slice(0, 3))) problems.push('province');
  const g = Number(number[3]);
  if (birth !== null) {
    const expected = centuryDigit(birth[0], sex);
    if (expected === null || Math.floor(g / 2) !== Math.floor(expected / 2)) problems.push('century');
    else if (sex !== null && g % 2 !== expected % 2) problems.push('sex');
    if (number.slice(4, 6) !== pad(birth[0] % 100, 2)) problems.push('birth_year');
  } else if (sex !== null && g % 2 !== (sex === 'nu' ? 1 : 0)) {
    problems.push('sex');
  }
  return problems;
}

// ------------------------------------------------------------------ normalize (fields.py)

export const FIELD_TYPES = [
  'text', 'long_text', 'full_name', 'personal_id', 'old_id', 'phone', 'email', 'date', 'number',
  'money', 'select', 'radio', 'checkbox', 'yes_no', 'address', 'group', 'document', 'consent',
];
const ID_SEPARATORS = /[ .-]/g;
const PHONE_SEPARATORS = /[ .\-()]/g;
const MOBILE = /^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])[0-9]{7}$/;
const LANDLINE = /^02[0-9]{9}$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const DIGITS = /^[0-9]+$/;
const SHA256 = /^[0-9a-f]{64}$/;
const NAME_OK = /^\p{L}[\p{L}\p{M} '\u2019]*$/u;
const YES = new Set(['true', 'yes', 'co', '1']);
const NO = new Set(['false', 'no', 'khong', '0']);

function text(raw, collapse = false) {
  if (isNumber(raw) && cleanNumber(raw) !== null && Number.isInteger(raw)) raw = String(cleanNumber(raw));
  if (typeof raw !== 'string') return raw;
  let value = trim(nfc(raw));
  if (collapse) value = value.replace(COLLAPSE, ' ');
  return value || null;
}

function compact(raw, separators) {
  const value = text(raw);
  if (typeof value !== 'string') return value;
  return value.replace(separators, '') || null;
}

function phone(raw) {
  let value = compact(raw, PHONE_SEPARATORS);
  if (typeof value !== 'string') return value;
  let rest = null;
  if (value.startsWith('+84')) rest = value.slice(3);
  else if (value.startsWith('84') && (value.length === 11 || value.length === 12)) rest = value.slice(2);
  if (rest !== null) value = rest.startsWith('0') ? rest : `0${rest}`;
  return value;
}

function parsed(raw, parser) {
  const value = typeof raw === 'string' ? text(raw) : raw;
  if (value === null || typeof value === 'boolean') return value;
  const result = parser(value);
  return result === null ? value : result;
}

function checkbox(raw) {
  if (!Array.isArray(raw)) return raw === '' ? null : raw;
  const items = [];
  const seen = new Set(); // not items.includes(): a long list must not cost its square
  for (let item of raw) {
    if (item === undefined) item = null;
    if (typeof item === 'string') item = text(item);
    if (item === null || (typeof item === 'string' && seen.has(item))) continue;
    if (typeof item === 'string') seen.add(item);
    items.push(item);
  }
  return items.length ? items : null;
}

function yesNo(raw) {
  if (typeof raw !== 'string') return raw;
  const key = fold(raw);
  if (key === '') return null;
  if (YES.has(key)) return true;
  return NO.has(key) ? false : raw;
}

function address(raw) {
  if (!isMapping(raw)) return raw;
  const value = {
    province: text(get(raw, 'province')),
    commune: text(get(raw, 'commune')),
    street: text(get(raw, 'street'), true),
  };
  return Object.values(value).every((v) => v === null) ? null : value;
}

function group(field, raw) {
  if (!Array.isArray(raw)) return raw;
  const subfields = field.fields || [];
  const items = raw.map((item) => {
    if (!isMapping(item)) return item === undefined ? null : item;
    const out = {};
    for (const f of subfields) out[f.id] = normalize(f, get(item, f.id));
    return out;
  });
  return items.length ? items : null;
}

function documentFiles(raw) {
  if (!Array.isArray(raw)) return raw;
  const items = raw.map((item) => (
    isMapping(item) && typeof item.name === 'string' ? { ...item, name: nfc(item.name) } : item));
  return items.length ? items : null;
}

function consent(raw) {
  // Only an explicit true is consent; false means "not given" (never pre-ticked).
  if (raw === true) return true;
  if (raw === false || raw === '') return null;
  return raw;
}

/** Turn user input into the canonical value of `field`. */
export function normalize(field, raw) {
  if (raw === null || raw === undefined) return null;
  switch (field.type) {
    case 'text': case 'email': case 'select': case 'radio':
      return text(raw);
    case 'long_text':
      return text(typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').replace(/\r/g, '\n') : raw);
    case 'full_name':
      return text(raw, true);
    case 'personal_id': case 'old_id':
      return compact(raw, ID_SEPARATORS);
    case 'phone':
      return phone(raw);
    case 'date': {
      const value = text(raw);
      return typeof value === 'string' ? (parseDate(value) ?? value) : value;
    }
    case 'number':
      return parsed(raw, parseNumber);
    case 'money':
      return parsed(raw, parseMoney);
    case 'checkbox':
      return checkbox(raw);
    case 'yes_no':
      return yesNo(raw);
    case 'address':
      return address(raw);
    case 'group':
      return group(field, raw);
    case 'document':
      return documentFiles(raw);
    case 'consent':
      return consent(raw);
    default:
      return typeof raw === 'string' ? text(raw) : raw;
  }
}

// ------------------------------------------------------------------ checks

class Check {
  constructor(field, path, answers, scope, today, units, document) {
    Object.assign(this, { field, path, answers, scope, today, units, document });
    this.errors = [];
  }

  add(key, params = {}, path = null) {
    this.errors.push({ field: path || this.path, key, params });
  }

  sibling(fieldId) {
    if (typeof fieldId !== 'string') return null;
    if (this.scope !== null && hasOwn(this.scope, fieldId)) return this.scope[fieldId];
    return get(this.answers, fieldId);
  }

  siblingDate(fieldId) {
    if (fieldId === 'today') return this.today;
    const value = this.sibling(fieldId);
    return typeof value === 'string' ? parseDate(value) : null;
  }
}

const opt = (field, key) => (hasOwn(field, key) ? field[key] : null);
const isWhole = (v) => isNumber(v) && Number.isInteger(v);
const codePoints = (value) => Array.from(value).length; // as Python's len()

/**
 * Longest value of each text-like type when the catalog sets no max_length: far above any real
 * answer, but a bound (address: the street; select, radio, checkbox: each value; document: each
 * file name). Same table as DEFAULT_MAX_LENGTH in checks.py.
 */
export const DEFAULT_MAX_LENGTH = {
  text: 500, long_text: 2000, full_name: 200, email: 254, phone: 30, personal_id: 40,
  old_id: 40, select: 200, radio: 200, checkbox: 200, address: 300, document: 255,
};

/** The catalog's max_length of the field, else the default of its type. */
export function maxLength(field) {
  const high = opt(field, 'max_length');
  if (isNumber(high)) return high;
  return hasOwn(DEFAULT_MAX_LENGTH, field.type) ? DEFAULT_MAX_LENGTH[field.type] : null;
}

function length(c, value) {
  const count = codePoints(value);
  const low = opt(c.field, 'min_length');
  const high = maxLength(c.field);
  if (isNumber(low) && count < low) c.add('text.min_length', { min: low, count });
  if (isNumber(high) && count > high) c.add('text.max_length', { max: high, count });
}

/** For types with a format of their own: an over-long value gets only this error. */
function tooLong(c, value) {
  const high = maxLength(c.field);
  if (typeof value !== 'string' || !isNumber(high)) return false;
  const count = codePoints(value);
  if (count <= high) return false;
  c.add('text.max_length', { max: high, count });
  return true;
}

function checkText(c, value) {
  if (typeof value !== 'string') return c.add('text.invalid');
  length(c, value);
  const pattern = opt(c.field, 'pattern');
  if (typeof pattern === 'string') {
    let re;
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      return undefined; // a catalog bug, reported by the catalog loader, not the citizen's fault
    }
    if (!re.test(value)) c.add('text.pattern');
  }
  return undefined;
}

function checkFullName(c, value) {
  if (typeof value !== 'string') return c.add('text.invalid');
  // Letters (any script, all Vietnamese diacritics), combining marks, spaces, apostrophes (H'Hen).
  if (!NAME_OK.test(value)) return c.add('full_name.invalid_chars');
  return length(c, value);
}

function sexOf(value) {
  const key = typeof value === 'string' ? fold(value) : null;
  return key === 'nam' || key === 'nu' ? key : null;
}

function checkPersonalId(c, value) {
  if (tooLong(c, value)) return undefined;
  if (typeof value !== 'string' || !DIGITS.test(value)) return c.add('personal_id.digits');
  if (value.length === 9 && opt(c.field, 'allow_old_id')) return undefined;
  if (value.length !== 12) return c.add('personal_id.length', { count: value.length });
  const birth = opt(c.field, 'dob_field') ? parseIso(c.siblingDate(c.field.dob_field)) : null;
  const sex = opt(c.field, 'sex_field') ? sexOf(c.sibling(c.field.sex_field)) : null;
  for (const problem of idProblems(value, birth, sex)) {
    let params = problem === 'province' ? { code: value.slice(0, 3) } : {};
    if (problem === 'birth_year' && birth) params = { year: birth[0] };
    c.add(`personal_id.${problem}`, params);
  }
  return undefined;
}

function checkOldId(c, value) {
  if (tooLong(c, value)) return undefined;
  if (typeof value !== 'string' || !DIGITS.test(value)) return c.add('old_id.digits');
  if (value.length !== 9) c.add('old_id.length', { count: value.length });
  return undefined;
}

function checkPhone(c, value) {
  if (tooLong(c, value)) return;
  if (typeof value !== 'string' || !(MOBILE.test(value) || LANDLINE.test(value))) c.add('phone.invalid');
}

function checkEmail(c, value) {
  if (tooLong(c, value)) return;
  if (typeof value !== 'string' || !EMAIL.test(value)) c.add('email.invalid');
}

const iso = (ymd) => `${pad(ymd[0], 4)}-${pad(ymd[1], 2)}-${pad(ymd[2], 2)}`;

function checkDate(c, value) {
  if (parseIso(value) === null) return c.add('date.invalid');
  const f = c.field;
  if (opt(f, 'not_future') && c.today && value > c.today) c.add('date.future');
  if (opt(f, 'not_past') && c.today && value < c.today) c.add('date.past');
  const rule = opt(f, 'min_years_before');
  if (isMapping(rule) && isWhole(get(rule, 'years'))) {
    const other = parseIso(c.siblingDate(get(rule, 'field')));
    if (other && yearsBetween(parseIso(value), other) < rule.years) {
      c.add('date.min_years_before', { years: rule.years, date: formatDate(iso(other)) });
    }
  }
  const after = opt(f, 'after_field') ? c.siblingDate(f.after_field) : null;
  if (after && value <= after) c.add('date.after', { date: formatDate(after) });
  const before = opt(f, 'before_field') ? c.siblingDate(f.before_field) : null;
  if (before && value >= before) c.add('date.before', { date: formatDate(before) });
  return undefined;
}

function bounds(c, value, prefix) {
  const low = opt(c.field, 'min');
  const high = opt(c.field, 'max');
  const show = prefix === 'money' ? formatMoney : (n) => n; // money params read "8.000 đ"
  if (isNumber(low) && value < low) c.add(`${prefix}.min`, { min: show(low) });
  if (isNumber(high) && value > high) c.add(`${prefix}.max`, { max: show(high) });
}

function checkNumber(c, value) {
  if (!isNumber(value)) return c.add('number.invalid');
  if (opt(c.field, 'integer') && !Number.isInteger(value)) return c.add('number.integer');
  return bounds(c, value, 'number');
}

function checkMoney(c, value) {
  if (!isWhole(value) || value < 0) return c.add('money.invalid');
  return bounds(c, value, 'money');
}

const optionValues = (field) => (opt(field, 'options') || []).filter(isMapping).map((o) => get(o, 'value'));

function checkChoice(c, value) {
  if (tooLong(c, value)) return;
  if (typeof value !== 'string' || !optionValues(c.field).includes(value)) c.add('choice.invalid');
}

function checkItems(c, count, prefix) {
  const low = opt(c.field, 'min_items');
  const high = opt(c.field, 'max_items');
  if (isNumber(low) && count < low) c.add(`${prefix}.min_items`, { min: low, count });
  if (isNumber(high) && count > high) c.add(`${prefix}.max_items`, { max: high, count });
}

function checkCheckbox(c, value) {
  if (Array.isArray(value) && value.some((v) => tooLong(c, v))) return undefined;
  const allowed = optionValues(c.field);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !allowed.includes(v))) {
    return c.add('choice.invalid');
  }
  return checkItems(c, value.length, 'checkbox');
}

function checkYesNo(c, value) {
  if (typeof value !== 'boolean') c.add('yes_no.invalid');
}

function checkAddress(c, value) {
  const parts = isMapping(value) ? [get(value, 'province'), get(value, 'commune'), get(value, 'street')] : [];
  if (!isMapping(value) || parts.some((v) => v !== null && typeof v !== 'string')) {
    return c.add('address.invalid');
  }
  const [province, commune, street] = parts;
  let provinceOk = !isEmpty(province);
  if (!provinceOk) c.add('address.province');
  else if (c.units !== null && !c.units(province, null)) {
    provinceOk = false;
    c.add('address.province_unknown');
  }
  if (isEmpty(commune)) c.add('address.commune');
  else if (provinceOk && c.units !== null && !c.units(province, commune)) c.add('address.commune_unknown');
  if (opt(c.field, 'require_street') && isEmpty(street)) c.add('address.street');
  tooLong(c, street);
  return undefined;
}

function checkGroup(c, value) {
  if (!Array.isArray(value)) return c.add('group.invalid');
  checkItems(c, value.length, 'group');
  value.forEach((item, index) => {
    if (!isMapping(item)) c.add('group.invalid', {}, `${c.path}.${index}`);
  });
  return undefined;
}

function checkDocument(c, value) {
  if (!Array.isArray(value)) return c.add('document.invalid');
  const doc = c.document || {};
  const accept = get(doc, 'accept');
  const maxMb = get(doc, 'max_size_mb');
  value.forEach((item, index) => {
    const path = `${c.path}.${index}`;
    if (!(isMapping(item) && typeof item.sha256 === 'string' && SHA256.test(item.sha256)
      && isWhole(item.size) && item.size >= 0 && typeof item.mime === 'string'
      && typeof item.name === 'string' && codePoints(item.name) <= maxLength(c.field))) {
      c.add('document.invalid', {}, path);
      return;
    }
    if (Array.isArray(accept) && accept.length && !accept.includes(item.mime)) {
      c.add('document.mime', { name: item.name }, path);
    }
    if (isNumber(maxMb) && item.size > maxMb * 1024 * 1024) {
      c.add('document.too_large', { name: item.name, max_mb: maxMb }, path);
    }
  });
  return undefined;
}

function checkConsent(c, value) {
  if (value !== true) c.add('consent.required');
}

const CHECKS = {
  text: checkText, long_text: checkText, full_name: checkFullName, personal_id: checkPersonalId,
  old_id: checkOldId, phone: checkPhone, email: checkEmail, date: checkDate, number: checkNumber,
  money: checkMoney, select: checkChoice, radio: checkChoice, checkbox: checkCheckbox,
  yes_no: checkYesNo, address: checkAddress, group: checkGroup, document: checkDocument,
  consent: checkConsent,
};

export function requiredKey(field) {
  if (field.type === 'consent') return 'consent.required';
  return field.type === 'document' ? 'document.required' : 'field.required';
}

/**
 * Errors of an already-normalised value. options: { required, path, answers, scope, today,
 * units, document }. `required` defaults to field.required; consent is always required.
 * Group items' own fields are checked by validate().
 */
export function checkField(field, value, options = {}) {
  const path = options.path || field.id || '';
  const required = options.required ?? Boolean(field.required);
  if (isEmpty(value)) {
    if (required || field.type === 'consent') return [{ field: path, key: requiredKey(field), params: {} }];
    const low = opt(field, 'min_items');
    // min_items >= 1 makes an empty list an error even when the field is not marked required.
    if ((field.type === 'group' || field.type === 'checkbox') && isNumber(low) && low > 0) {
      return [{ field: path, key: `${field.type}.min_items`, params: { min: low, count: 0 } }];
    }
    return [];
  }
  const check = hasOwn(CHECKS, field.type) ? CHECKS[field.type] : null;
  if (check === null) return [];
  const c = new Check(field, path, options.answers ?? {}, options.scope ?? null,
    options.today ?? null, options.units ?? null, options.document ?? null);
  check(c, value);
  return c.errors;
}

/** normalize + checkField, for a single field. */
export function validateField(field, raw, options = {}) {
  return checkField(field, normalize(field, raw), options);
}
