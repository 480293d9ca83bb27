// `unverified`: the values a procedure's cited source does not confirm, each with the reason.
// Mirrors volunteer_app/domain/catalog/unverified.py. Screens show `unverifiedAreas` as one plain
// sentence (message ui.unverified.<root>) and may list `unverifiedItems` with their reasons.

// Roots a path may start with, in the order screens name them.
export const ROOTS = ['fees', 'processing_time', 'code', 'name', 'level', 'field_of_law', 'agency_level', 'agency',
  'legal_basis', 'documents', 'fields', 'delivery_options', 'payment_options'];

/** [{path, reason, root}] as the catalog lists them. */
export function unverifiedItems(procedure) {
  return (procedure?.unverified || [])
    .filter((item) => item && typeof item.path === 'string')
    .map((item) => ({ path: item.path, reason: item.reason || '', root: item.path.split('.')[0] }));
}

/** The distinct roots of the unverified paths, in ROOTS order (e.g. ['fees', 'processing_time']). */
export function unverifiedAreas(procedure) {
  const roots = new Set(unverifiedItems(procedure).map((item) => item.root));
  return ROOTS.filter((root) => roots.has(root));
}

/** Is this value (a path such as 'fees', 'documents.birth_cert' or 'fields.mother_dob') unverified? */
export function isUnverified(procedure, path) {
  return unverifiedItems(procedure).some((item) => path === item.path || path.startsWith(`${item.path}.`));
}
