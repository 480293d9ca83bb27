// How a procedure's level, time limit and fees read on the screens. Pure (node-tested).
import { t, tx } from '../i18n.js';
import { formatMoney } from '../../js/rules/fields.js';

export const levelLabel = (level, lang) => t(level === 'toan_trinh' ? 'ui.level.full' : 'ui.level.partial', {}, lang);

export function processingText(pt, lang) {
  if (!pt) return '';
  const base = pt.working_days === 0 ? t('ui.detail.same_day', {}, lang) : t('ui.detail.working_days', { days: pt.working_days }, lang);
  return pt.note ? `${base} (${tx(pt.note, lang)})` : base;
}

export function feeText(fees, lang) {
  if (!fees || !fees.amount) return t('ui.detail.free', {}, lang);
  return t(fees.per_copy ? 'ui.detail.fee_per_copy' : 'ui.detail.fee', { amount: formatMoney(fees.amount) }, lang);
}
