// Level 4 (toàn trình): the fee, copies, computed total, exemptions and the payment choice,
// before the consent step. A section of a screen (it may share one with short steps: the total
// then follows the count of copies typed on the same screen, shown, never asked).
import React from 'react';
import { t, tx } from '../i18n.js';
import { feeSummary } from '../model.js';
import { heldProvince } from '../data.js';
import { formatMoney } from '../../js/rules/fields.js';
import { ErrorText } from '../fields/parts.jsx';
import { Unverified } from '../screens/common.jsx';
import { processingText } from '../screens/procedure-text.js';

const money = (amount, lang) => (amount ? formatMoney(amount) : t('ui.detail.free', {}, lang));

export function FeeSection({ proc, draft, lang, today, errorsFor, onPay }) {
  // The centre's province and the channel in use (a tablet files online) choose the rates.
  const fee = feeSummary(proc, draft.answers, today, { province: heldProvince(), channel: 'online' });
  const { lines, basis, note } = fee.quote;
  const messages = errorsFor('payment_method');
  const options = proc.payment_options || [];
  return (
    <>
      <dl className="ts-summary" data-testid="fee-summary">
        {lines.map((line) => (
          <div key={line.part} data-testid="fee-line" data-part={line.part}>
            <dt>{line.label ? tx(line.label, lang) : t('ui.fee.amount', {}, lang)}</dt>
            <dd>
              {money(line.amount, lang)}{line.per !== 'dossier' && line.amount ? ` ${t('ui.fee.per_copy', {}, lang)}` : ''}
              {line.per !== 'dossier' && line.amount > 0 && ` × ${line.quantity ?? '—'} = ${line.subtotal === null ? '—' : money(line.subtotal, lang)}`}
              {line.note && <><br /><small>{tx(line.note, lang)}</small></>}
            </dd>
          </div>
        ))}
        <div><dt>{t('ui.fee.total', {}, lang)}</dt><dd data-testid="fee-total">{fee.total === null ? '—' : money(fee.total, lang)}</dd></div>
        <div><dt>{t('ui.detail.time', {}, lang)}</dt><dd>{processingText(proc.processing_time, lang)}</dd></div>
      </dl>
      {note && <p data-testid="fee-note">{tx(note, lang)}</p>}
      {basis.length > 0 && (
        <p className="ts-muted" data-testid="fee-basis">{t('ui.fee.basis', {}, lang)}: {basis.join('; ')}</p>
      )}
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
    </>
  );
}
