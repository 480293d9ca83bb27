// Where a citizen's dossier is received, when the install has several centres (centres.js).
import React from 'react';
import { t } from '../i18n.js';
import { ErrorText } from '../fields/parts.jsx';

export function CentreChoice({ centres, value, messages, lang, onChange }) {
  return (
    <div className={`ts-field${messages.length ? ' ts-field-error' : ''}`} data-field="centre_code" data-type="select">
      <label htmlFor="f-centre_code">{t('ui.centre.label', {}, lang)}</label>
      <p className="ts-hint" id="f-centre_code-hint">{t('ui.centre.hint', {}, lang)}</p>
      <ErrorText id={messages.length ? 'f-centre_code-error' : null} messages={messages} />
      <select id="f-centre_code" className="ts-input" value={value || ''}
        aria-describedby={`f-centre_code-hint${messages.length ? ' f-centre_code-error' : ''}`}
        aria-invalid={messages.length ? 'true' : undefined} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('ui.centre.choose', {}, lang)}</option>
        {centres.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </select>
    </div>
  );
}
