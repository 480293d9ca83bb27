// A date typed as dd/mm/yyyy (one box: faster on a tablet than three selects); an ISO value read
// back from the server is shown the same way.
import React from 'react';
import { t } from '../i18n.js';
import { formatDate } from '../../js/rules/fields.js';
import { ErrorText, FieldLabel, Hint } from './parts.jsx';
import { describedBy, inputHints } from './frame.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function DateInput({ field, path, value, onChange, lang, frame }) {
  const formatId = `${frame.base}-fmt`;
  const shown = typeof value === 'string' && ISO.test(value) ? formatDate(value) : value;
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <FieldLabel field={field} htmlFor={frame.id} lang={lang} optional={frame.optional} />
      <Hint field={field} id={frame.hintId} lang={lang} />
      <p className="ts-hint" id={formatId}>{t('ui.field.date_hint', {}, lang)}</p>
      <ErrorText id={frame.errId} messages={frame.messages} />
      <input id={frame.id} type="text" className={`ts-input ts-input-${field.type}`}
        value={shown ?? ''} {...inputHints(field.type)} spellCheck={false} placeholder="dd/mm/yyyy"
        aria-describedby={describedBy(frame.hintId, formatId, frame.errId)} aria-invalid={frame.invalid}
        onChange={(e) => onChange(path, e.target.value)} />
    </div>
  );
}
