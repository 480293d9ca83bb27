// Level 4 (toàn trình): the fee, copies, computed total, exemptions and the payment choice,
// before the consent step.
import React from 'react';
import { t, tx } from '../i18n.js';
import { feeSummary } from '../model.js';
import { formatMoney } from '../../js/rules/fields.js';
import { ErrorText } from '../fields/parts.jsx';
import { Unverified } from '../screens/common.jsx';
import { processingText } from '../screens/procedure-text.js';

const money = (amount, lang) => (amount ? formatMoney(amount) : t('ui.detail.free', {}, lang));

export function FeeScreen({ proc, draft, lang, today, errorsFor, onPay, onNext }) {
  const fee = feeSummary(proc, draft.answers, today);
  const messages = errorsFor('payment_method');
  const options = proc.payment_options || [];
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onNext(); }}>
      <dl className="ts-summary" data-testid="fee-summary">
        <div><dt>{t('ui.fee.amount', {}, lang)}</dt><dd>{money(fee.amount, lang)}{fee.per_copy ? ` ${t('ui.fee.per_copy', {}, lang)}` : ''}</dd></div>
        {fee.per_copy && <div><dt>{t('ui.fee.copies', {}, lang)}</dt><dd>{fee.copies ?? '—'}</dd></div>}
        <div><dt>{t('ui.fee.total', {}, lang)}</dt><dd data-testid="fee-total">{fee.total === null ? '—' : money(fee.total, lang)}</dd></div>
        <div><dt>{t('ui.detail.time', {}, lang)}</dt><dd>{processingText(proc.processing_time, lang)}</dd></div>
      </dl>
      <Unverified proc={proc} lang={lang} only={['fees', 'processing_time']} />
      {fee.exemptions.length > 0 && (
        <>
          <h2 className="ts-h3">{t('ui.fee.exemptions', {}, lang)}</h2>
          <ul>{fee.exemptions.map((x, i) => <li key={i}>{tx(x, lang)}</li>)}</ul>
        </>
      )}
      {options.length > 0 && (
        <div className={`ts-field${messages.length ? ' ts-field-error' : ''}`} data-field="payment_method" data-type="radio">
          <fieldset className="ts-fieldset">
            <legend>{t('ui.fee.payment_label', {}, lang)}</legend>
            <ErrorText id={messages.length ? 'f-payment_method-error' : null} messages={messages} />
            <div className="ts-radios">
              {options.map((o, i) => (
                <div className="ts-radio" key={o}>
                  <input type="radio" id={`f-payment_method-${i}`} name="payment_method" value={o} checked={draft.extra?.payment_method === o}
                    onChange={() => onPay(o)} />
                  <label htmlFor={`f-payment_method-${i}`}>{t(`ui.payment.${o}`, {}, lang)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div className="ts-actions"><button type="submit" className="ts-btn ts-btn-primary">{t('ui.nav.next', {}, lang)}</button></div>
    </form>
  );
}
