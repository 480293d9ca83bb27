// Offline commune picker over the compact /api/v1/admin-units payload;
// mirrors volunteer_app/domain/admin_units.py (search, stripUnitPrefixes, exists).

import { words } from "./text.js";

// Unit-type words people type before a name (folded); two-word ones joined with a space.
const PREFIXES = new Set([
  "xa", "phuong", "dac khu", "tinh", "thanh pho", "tp", "thi tran", "tt",
  "quan", "huyen", "thi xa", "tx", "q", "h", "p", "x",
]);

/** Folded query words without a leading unit-type word ("Phường", "TP."), kept if alone. */
export function stripUnitPrefixes(query) {
  const tokens = words(query);
  const pair = tokens.slice(0, 2).join(" ");
  const size = PREFIXES.has(pair) ? 2 : tokens.length && PREFIXES.has(tokens[0]) ? 1 : 0;
  return size && tokens.length > size ? tokens.slice(size) : tokens;
}

function softPositions(tokens) {
  const soft = new Set();
  tokens.forEach((token, i) => {
    if (PREFIXES.has(token)) soft.add(i);
    if (PREFIXES.has(tokens.slice(i, i + 2).join(" "))) { soft.add(i); soft.add(i + 1); }
  });
  return soft;
}

/** Wrap the payload ({provinces, communes, ...}) in lookups and the picker search. */
export function loadAdminUnits(payload) {
  const provinces = payload.provinces.map(([code, name, type, key, aliases]) => ({ code, name, type, key, aliases }));
  const communes = payload.communes.map(([code, provinceCode, name, type, key]) => ({ code, provinceCode, name, type, key }));
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const communeByCode = new Map(communes.map((c) => [c.code, c]));
  const places = new Map(provinces.map((p) => [p.code, " " + [p.key, ...p.aliases].join(" ")]));
  // A word-prefix test is a substring test for " " + token in " " + words.
  const rows = communes.map((c) => [c, c.key.split(" "), " " + c.key, places.get(c.provinceCode)]);

  function search(query, { province = null, limit = 20 } = {}) {
    const tokens = stripUnitPrefixes(query);
    if (!tokens.length) return [];
    const soft = softPositions(tokens);
    const needles = tokens.map((t) => " " + t);
    const ranked = [];
    rows.forEach(([commune, nameWords, name, place], order) => {
      if (province && commune.provinceCode !== province) return;
      if (!name.includes(needles[0]) && !place.includes(needles[0]) && !soft.has(0)) return;
      let lead = 0;
      while (lead < Math.min(tokens.length, nameWords.length) && nameWords[lead].startsWith(tokens[lead])) lead++;
      const rest = [];
      for (let i = lead; i < tokens.length; i++) rest.push(i);
      if (rest.some((i) => !place.includes(needles[i]) && !name.includes(needles[i]) && !soft.has(i))) return;
      if (!lead && !rest.some((i) => !soft.has(i) && name.includes(needles[i]))) return;
      const rank = [
        lead === 0 ? 1 : 0,
        tokens.slice(0, lead).join(" ") !== commune.key ? 1 : 0,
        rest.every((i) => place.includes(needles[i]) || soft.has(i)) ? 0 : 1,
        -lead,
        order,
      ];
      ranked.push([rank, commune]);
    });
    ranked.sort((a, b) => {
      for (let i = 0; i < a[0].length; i++) if (a[0][i] !== b[0][i]) return a[0][i] - b[0][i];
      return 0;
    });
    return ranked.slice(0, limit).map(([, c]) => c);
  }

  return {
    version: payload.version,
    provinces,
    communes,
    province: (code) => provinceByCode.get(code) ?? null,
    commune: (code) => communeByCode.get(code) ?? null,
    communesOf: (provinceCode) => communes.filter((c) => c.provinceCode === provinceCode),
    /** The `units` option of rules/validate.js: is the province (and the commune in it) real? */
    exists(province, commune = null) {
      if (!provinceByCode.has(province)) return false;
      if (commune === null || commune === undefined) return true;
      const found = communeByCode.get(commune);
      return Boolean(found) && found.provinceCode === province;
    },
    label(code) {
      const c = communeByCode.get(code);
      return c ? `${c.name}, ${provinceByCode.get(c.provinceCode).name}` : null;
    },
    search,
  };
}
