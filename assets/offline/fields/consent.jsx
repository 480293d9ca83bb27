// A consent box: the catalog's statement, then one checkbox, never ticked in advance.
import React from 'react';
import { tx } from '../i18n.js';
import { ErrorText } from './parts.jsx';
import { describedBy } from './frame.js';

export function Consent({ field, path, value, onChange, lang, frame }) {
  const textId = `${frame.base}-text`;
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <p className="ts-consent-text" id={textId}>{tx(field.text, lang)}</p>
      <ErrorText id={frame.errId} messages={frame.messages} />
      <div className="ts-radio">
        <input type="checkbox" id={frame.id} checked={value === true} aria-describedby={describedBy(textId, frame.errId)}
          aria-invalid={frame.invalid} onChange={(e) => onChange(path, e.target.checked)} />
        <label htmlFor={frame.id}>{tx(field.label, lang)}</label>
      </div>
    </div>
  );
}
