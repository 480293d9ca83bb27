// The check-answers page: the text of one answer, and the rows of one step (each visible answer
// with its label, its text and the control "Sửa" focuses; a repeatable group gives one row per
// sub-field of each item). Pure (tests/js).
import { tx } from '../i18n.js';
import { controlId } from '../model.js';
import { formatDate, isEmpty } from '../../js/rules/fields.js';

/** Human text of one answer for the check-answers page. */
export function displayValue(field, value, lang, units) {
  if (isEmpty(value)) return '';
  switch (field.type) {
    case 'select': case 'radio': {
      const opt = (field.options || []).find((o) => o.value === value);
      return opt ? tx(opt.label, lang) : String(value);
    }
    case 'checkbox':
      return (Array.isArray(value) ? value : []).map((v) => tx((field.options || []).find((o) => o.value === v)?.label, lang) || v).join(', ');
    case 'date':
      return formatDate(String(value));
    case 'yes_no':
      return value === true ? (lang === 'en' ? 'Yes' : 'Có') : value === false ? (lang === 'en' ? 'No' : 'Không') : '';
    case 'consent':
      return value === true ? (lang === 'en' ? 'Given' : 'Đã đồng ý') : '';
    case 'address': {
      const parts = [value.street];
      if (units) {
        parts.push(units.communeName(value.province, value.commune), units.provinceName(value.province));
      }
      return parts.filter(Boolean).join(', ');
    }
    case 'document':
      return (Array.isArray(value) ? value : []).map((d) => `${d.name} (${Math.round(d.size / 1024)} KB)`).join('; ');
    case 'group':
      return `${(Array.isArray(value) ? value : []).length} × ${tx(field.item_label, lang) || ''}`.trim();
    default:
      return String(value);
  }
}

export function answerRows(step, answers, hidden, lang, units) {
  const rows = [];
  for (const field of step.fields) {
    if (hidden.has(field.id)) continue;
    const value = answers[field.id];
    if (field.type === 'group') {
      const itemLabel = tx(field.item_label, lang) || tx(field.label, lang);
      (Array.isArray(value) ? value : []).forEach((item, i) => {
        for (const sub of field.fields || []) {
          const p = `${field.id}.${i}.${sub.id}`;
          if (hidden.has(p)) continue;
          rows.push({ key: p, label: `${itemLabel} ${i + 1} — ${tx(sub.label, lang)}`, value: displayValue(sub, item?.[sub.id], lang, units), focus: controlId(p, sub) });
        }
      });
      if (!Array.isArray(value) || !value.length) rows.push({ key: field.id, label: tx(field.label, lang), value: '', focus: controlId(field.id, field) });
      continue;
    }
    rows.push({ key: field.id, label: tx(field.label, lang), value: displayValue(field, value, lang, units), focus: controlId(field.id, field) });
  }
  return rows;
}
