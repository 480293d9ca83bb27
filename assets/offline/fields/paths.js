// Answers are nested by dotted paths ("members.0.full_name"): read and write them immutably.
// An address is one answer of parts (province, commune, street).
// Pure, tested under node (tests/js/offline_wizard.test.mjs).

/** A copy of `obj` with the value at `parts` replaced (arrays stay arrays, items become objects). */
export function setIn(obj, parts, value) {
  if (!parts.length) return value;
  const [head, ...rest] = parts;
  if (Array.isArray(obj)) {
    const copy = obj.slice();
    copy[Number(head)] = setIn(copy[Number(head)] ?? {}, rest, value);
    return copy;
  }
  const base = obj && typeof obj === 'object' ? obj : {};
  return { ...base, [head]: setIn(base[head], rest, value) };
}

export function getIn(obj, parts) {
  let cur = obj;
  for (const p of parts) { if (cur === null || cur === undefined) return undefined; cur = cur[p]; }
  return cur;
}

/** An address after one part changed: a new province empties the commune. */
export function withAddressPart(address, key, value) {
  const next = { ...(address && typeof address === 'object' ? address : {}), [key]: value };
  if (key === 'province') next.commune = '';
  return next;
}
