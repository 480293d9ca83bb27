// The QR code of the chip ID card (CCCD / thẻ căn cước):
//   ID number|old ID number|full name|date of birth ddmmyyyy|sex|permanent address|issue date ddmmyyyy
// read into the vocabulary's values (dates ISO, sex 'nam' / 'nu'), checked with the rules' own ID
// checks. A card whose number fails them, or says another sex than its number, is refused with
// its problems: nothing of it is used. Pure; Python twin volunteer_app/domain/card_qr.py, shared
// vectors tests/vectors/card_qr.json.
import { fold, nfc } from '../../js/rules/text.js';
import { idProblems } from '../../js/rules/fields.js';

const FIELDS = 7;
const DIGITS = /^[0-9]+$/;
const DMY = /^([0-9]{2})([0-9]{2})([0-9]{4})$/;
const SPACES = /\s+/gu;
const SEXES = { nam: 'nam', nu: 'nu' };

const clean = (s) => nfc(s).replace(SPACES, ' ').trim();
const isLeap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y, m) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const pad = (n, w) => String(n).padStart(w, '0');

/** 'ddmmyyyy' → [y, m, d] of a real date, else null. */
export function cardDate(text) {
  const m = DMY.exec(text);
  if (!m) return null;
  const [d, mo, y] = m.slice(1).map(Number);
  return y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) ? [y, mo, d] : null;
}

const iso = (ymd) => `${pad(ymd[0], 4)}-${pad(ymd[1], 2)}-${pad(ymd[2], 2)}`;

/**
 * → {ok, problems: [{code, params}], card: {id_number, old_id, full_name, dob, sex, address, issued} | null}.
 * `card` is null whenever a problem is found.
 */
export function parseCardQr(raw) {
  const text = typeof raw === 'string' ? nfc(raw).replace(/^\ufeff/, '').trim() : '';
  const parts = text.split('|');
  if (parts.length < FIELDS) return { ok: false, problems: [{ code: 'format', params: {} }], card: null };
  const [idRaw, oldRaw, nameRaw, dobRaw, sexRaw, addressRaw, issuedRaw] = parts.map(clean);
  const problems = [];
  const add = (code, params = {}) => problems.push({ code, params });
  const dob = cardDate(dobRaw);
  if (!dob) add('dob');
  const sex = SEXES[fold(sexRaw)] || null;
  if (!sex) add('sex_value');
  if (!DIGITS.test(idRaw) || idRaw.length !== 12) {
    add('id_number', { count: idRaw.length });
  } else {
    for (const p of idProblems(idRaw, dob, sex)) add(`id_${p}`, p === 'province' ? { code: idRaw.slice(0, 3) } : {});
  }
  if (oldRaw && !(DIGITS.test(oldRaw) && (oldRaw.length === 9 || oldRaw.length === 12))) add('old_id');
  if (!nameRaw) add('name');
  if (!addressRaw) add('address');
  const issued = issuedRaw ? cardDate(issuedRaw) : null;
  if (issuedRaw && !issued) add('issued');
  if (problems.length) return { ok: false, problems, card: null };
  return {
    ok: true,
    problems,
    card: {
      id_number: idRaw,
      old_id: oldRaw,
      full_name: nameRaw,
      dob: iso(dob),
      sex,
      address: addressRaw,
      issued: issued ? iso(issued) : '',
    },
  };
}
