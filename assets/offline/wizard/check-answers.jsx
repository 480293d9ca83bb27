// The last screen: every answer with "Sửa" (accessible name "Sửa <label>"), the checklist, the
// receiving centre when there is a choice, the consent record, and the submit button.
import React from 'react';
import { t, tx } from '../i18n.js';
import { FEE_STEP, formatDateTime } from '../model.js';
import { STATUS } from '../lifecycle/states.js';
import { Checklist } from './checklist.jsx';
import { CentreChoice } from './centre-choice.jsx';
import { answerRows } from './check-rows.js';

function ChangeButton({ label, hidden, onClick, lang }) {
  return (
    <dd className="ts-change" hidden={hidden}>
      <button type="button" className="ts-linkbtn" onClick={onClick}>
        {t('ui.check.change', {}, lang)}<span className="ts-vh">{` ${label}`}</span>
      </button>
    </dd>
  );
}

function FeeSection({ draft, editable, onEdit, lang }) {
  const method = draft.extra?.payment_method;
  return (
    <section className="ts-check-section">
      <h2 className="ts-h2">{t('ui.fee.title', {}, lang)}</h2>
      <dl className="ts-summary">
        <div>
          <dt>{t('ui.fee.payment_label', {}, lang)}</dt>
          <dd>{method ? t(`ui.payment.${method}`, {}, lang) : '—'}</dd>
          <ChangeButton label={t('ui.fee.payment_label', {}, lang)} hidden={!!editable} lang={lang}
            onClick={() => onEdit(FEE_STEP, 'f-payment_method-0')} />
        </div>
      </dl>
    </section>
  );
}

function StepSection({ s, draft, hidden, linked, units, editable, onEdit, lang }) {
  const rows = answerRows(s.step, draft.answers, hidden, lang, units);
  return (
    <section className="ts-check-section">
      <h2 className="ts-h2">{tx(s.step.title, lang)}</h2>
      <dl className="ts-summary">
        {rows.map((r) => (
          <div key={r.key} data-answer={r.key}>
            <dt>{r.label}</dt>
            <dd>{r.value || <span className="ts-muted">{t('ui.check.not_given', {}, lang)}</span>}</dd>
            <ChangeButton label={r.label} lang={lang}
              hidden={linked.has(r.key) || (!!editable && !editable.has(r.key.split('.')[0]))}
              onClick={() => onEdit(s.id, r.focus)} />
          </div>
        ))}
      </dl>
    </section>
  );
}

export function CheckAnswers({ draft, linked, list, lang, units, hidden, docs, editable, centres, centreMessages, onCentre, onEdit, onSubmit }) {
  const sectionProps = { draft, hidden, linked, units, editable, onEdit, lang };
  return (
    <div>
      <Checklist items={docs} lang={lang} />
      {list.filter((s) => s.kind !== 'check').map((s) => (s.kind === 'fee'
        ? <FeeSection key={s.id} {...sectionProps} />
        : <StepSection key={s.id} s={s} {...sectionProps} />))}
      {centres && (
        <section className="ts-check-section">
          <h2 className="ts-h2">{t('ui.centre.title', {}, lang)}</h2>
          <CentreChoice centres={centres} value={draft.centre_code} messages={centreMessages} lang={lang} onChange={onCentre} />
        </section>
      )}
      {draft.consent && <p className="ts-panel" data-testid="consent-record">{t('ui.consent.recorded', { when: formatDateTime(Date.parse(draft.consent.given_at)), statement: draft.consent.statement }, lang)}</p>}
      <div className="ts-actions">
        <button type="button" className="ts-btn ts-btn-primary" onClick={onSubmit}>
          {draft.status === STATUS.RETURNED ? t('sync.returned.resubmit', { version: draft.version }, lang) : t('ui.check.submit', {}, lang)}
        </button>
      </div>
    </div>
  );
}
