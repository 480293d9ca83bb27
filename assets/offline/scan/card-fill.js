// What a read card puts in the draft for one person of the step, and the lines that show the
// volunteer what was filled (to confirm with the citizen). Pure (tests/js/card_qr.test.mjs).
import { formatDate } from '../../js/rules/fields.js';
import { maskId } from '../model.js';

/**
 * target: {fields: {id_number, full_name, dob, sex, permanent_address}} (field ids); card: the
 * parser's card; address: resolveCardAddress's result, or null when the units table is missing;
 * units: the current units (names for the summary). → {changes: [[fieldId, value]], lines, notes}
 * with lines and notes as [message key, params, message key of the value (sex)].
 */
export function cardFill(target, card, address, units) {
  const f = target.fields;
  const changes = [];
  const lines = [];
  const notes = [];
  if (f.id_number) { changes.push([f.id_number, card.id_number]); lines.push(['scan.filled_id', { value: maskId(card.id_number) }]); }
  if (f.full_name) { changes.push([f.full_name, card.full_name]); lines.push(['scan.filled_name', { value: card.full_name }]); }
  if (f.dob) { changes.push([f.dob, card.dob]); lines.push(['scan.filled_dob', { value: formatDate(card.dob) }]); }
  if (f.sex) { changes.push([f.sex, card.sex]); lines.push(['scan.filled_sex', {}, `scan.sex_${card.sex}`]); }
  if (f.permanent_address) {
    const a = address || { status: 'none', province: '', commune: '', street: card.address, alternatives: [], old: null };
    changes.push([f.permanent_address, { province: a.province, commune: a.commune, street: a.street }]);
    const place = [a.street, a.commune && units ? units.communeName(a.province, a.commune) : '',
      a.province && units ? units.provinceName(a.province) : ''].filter(Boolean).join(', ');
    lines.push(['scan.filled_address', { value: place || card.address }]);
    if (!address) notes.push(['scan.address_unmapped', {}]);
    else if (a.status === 'province' || a.status === 'none') notes.push(['scan.address_partial', { address: card.address }]);
    if (a.old) notes.push(['scan.address_converted', { old: [a.old.ward, a.old.district, a.old.province].filter(Boolean).join(', ') }]);
    if (a.alternatives.length) notes.push(['scan.address_split', {}]);
  }
  return { changes, lines, notes };
}
