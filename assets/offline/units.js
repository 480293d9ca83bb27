// The administrative units (34 provinces, their communes) as the offline data file ships them
// (columns + rows), turned into the lookups the address widget, the check page and the rules use.
// Pure (tests/js/offline_model.test.mjs).

/** Admin units lookup built from the offline admin-units payload. */
export function makeUnits(payload) {
  const pf = payload.province_fields; const cf = payload.commune_fields;
  const provinces = payload.provinces.map((row) => Object.fromEntries(pf.map((k, i) => [k, row[i]])));
  const byProvince = new Map(provinces.map((p) => [p.code, []]));
  const communeIndex = new Map();
  for (const row of payload.communes) {
    const c = Object.fromEntries(cf.map((k, i) => [k, row[i]]));
    byProvince.get(c.province)?.push(c);
    communeIndex.set(`${c.province}:${c.code}`, c);
  }
  const provinceIndex = new Map(provinces.map((p) => [p.code, p]));
  return {
    provinces,
    communes: (province) => byProvince.get(province) || [],
    provinceName: (code) => provinceIndex.get(code)?.name || '',
    communeName: (province, code) => communeIndex.get(`${province}:${code}`)?.name || '',
    check: (province, commune) => (commune === null ? provinceIndex.has(province) : communeIndex.has(`${province}:${commune}`)),
  };
}
