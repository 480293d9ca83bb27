// The permanent address of a chip ID card's QR, mapped to the 2025 two-level units (province,
// commune) and the street. An old three-level address (cards before 01/07/2025) is found as old
// ward, district, province and converted with the official table; a new one maps directly.
// Pure; twin of volunteer_app/domain/card_address.py, shared vectors tests/vectors/card_address.json.
// `table` is the build's compact legacy table (/offline-data/admin-units-legacy.*.json, loaded on
// first need); `units` the current units as assets/offline/units.js makes them.
import { words } from '../../js/catalog/text.js';
import { stripUnitPrefixes } from '../../js/catalog/admin_units.js';

const PREFIXES = {
  province: [['tinh'], ['thanh', 'pho'], ['tp']],
  district: [['quan'], ['huyen'], ['thi', 'xa'], ['thanh', 'pho'], ['tp'], ['tx'], ['q'], ['h']],
  commune: [['phuong'], ['xa'], ['thi', 'tran'], ['dac', 'khu'], ['tt'], ['p'], ['x']],
};
// Unit-type words of some level (single letters left out: too easily a street's own).
const TYPE_WORDS = Object.values(PREFIXES).flat().filter((p) => p[0].length > 1 || p.length > 1);
const SEPARATOR = /([\s,]+)/;
const EDGES = /^[\s,]+|[\s,]+$/g;
const NUMBER = /^[0-9]+$/;

const key = (name) => stripUnitPrefixes(name);
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const endsWith = (tokens, at, p) => at - p.length >= 0 && same(tokens.slice(at - p.length, at), p);

/** The candidate ([keys, payload]) whose name ends the tokens at `end`: [start, payload] or null. */
function matchEnd(tokens, end, candidates, level) {
  let best = null;
  for (const [keys, payload] of candidates) {
    for (const k of keys) {
      let start = end - k.length;
      if (!k.length || start < 0 || !same(tokens.slice(start, end), k)) continue;
      const own = PREFIXES[level].filter((p) => endsWith(tokens, start, p))
        .reduce((a, p) => (a === null || p.length > a.length ? p : a), null);
      if (own !== null) start -= own.length;
      else if (k.every((w) => NUMBER.test(w))) continue; // "Quận 1": a number alone names nothing
      else if (TYPE_WORDS.some((p) => endsWith(tokens, start, p))) continue; // "Quận Hoàn Kiếm" is no commune
      if (best === null || start < best[0]) best = [start, payload];
    }
  }
  return best;
}

/** {status: converted|new|province|none, province, commune, street, alternatives, old}. */
export function resolveCardAddress(text, table, units) {
  const pieces = String(text || '').split(SEPARATOR);
  const tokens = [];
  const owner = [];
  for (let i = 0; i < pieces.length; i += 2) {
    for (const w of words(pieces[i])) { tokens.push(w); owner.push(i); }
  }
  const aliases = new Map(units.provinces.map((p) => [p.key, (p.aliases || []).map((a) => a.split(' '))]));

  const oldProvinces = table.provinces.map((row) => [[key(row[0]), ...(aliases.get(key(row[0]).join(' ')) || [])], row]);
  const p = matchEnd(tokens, tokens.length, oldProvinces, 'province');
  const d = p ? matchEnd(tokens, p[0], p[1][2].map((r) => [[key(r[0])], r]), 'district') : null;
  const w = d ? matchEnd(tokens, d[0], d[1][2].map((r) => [[key(r[0])], r]), 'commune') : null;

  const newProvinces = units.provinces.map((pr) => [[key(pr.name), ...aliases.get(pr.key)], pr]);
  const np = matchEnd(tokens, tokens.length, newProvinces, 'province');
  const c = np ? matchEnd(tokens, np[0], units.communes(np[1].code).map((x) => [[key(x.name)], x]), 'commune') : null;

  const result = (status, province = '', commune = '', streetAt = null, alternatives = [], old = null) => ({
    status, province, commune,
    street: (streetAt !== null ? pieces.slice(0, owner[streetAt] ?? 0).join('') : String(text || '')).replace(EDGES, ''),
    alternatives, old,
  });
  if (w) {
    const candidates = w[1].slice(1);
    return result('converted', p[1][1], candidates[0] || '', w[0], candidates.slice(1),
      { ward: w[1][0], district: d[1][0], province: p[1][0] });
  }
  if (c) return result('new', np[1].code, c[1].code, c[0]);
  if (d && d[1][1]) return result('converted', p[1][1], d[1][1], d[0], [], { ward: null, district: d[1][0], province: p[1][0] });
  if (p) return result('province', p[1][1], '', d ? d[0] : p[0]);
  if (np) return result('province', np[1].code, '', np[0]);
  return result('none');
}
