// Whose card a step can take: the persons of the shared vocabulary ("applicant.id_number",
// "mother.dob", …) whose fields the step asks, each with the field ids a card fills. A person
// qualifies with an ID number field, or a name and a date of birth. Pure (tests/js/card_qr.test.mjs).

// vocabulary attribute -> what the card gives
const FILLS = ['id_number', 'full_name', 'dob', 'sex', 'permanent_address'];

/** [{role, first, fields: {id_number: 'applicant_id', …}}] in the order the step asks them. */
export function scanTargets(fields, skip = () => false) {
  const byRole = new Map();
  for (const f of fields || []) {
    const [role, attr] = String(f.vocab || '').split('.');
    if (!attr || !FILLS.includes(attr) || skip(f.id)) continue;
    if (!byRole.has(role)) byRole.set(role, { role, first: f.id, fields: {} });
    byRole.get(role).fields[attr] = f.id;
  }
  return [...byRole.values()].filter((p) => p.fields.id_number || (p.fields.full_name && p.fields.dob));
}
