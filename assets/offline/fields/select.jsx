// One choice from a long list (a drop-down): "Chọn…" first, then the catalog's options.
import React from 'react';
import { t, tx } from '../i18n.js';
import { ErrorText, FieldLabel, Hint } from './parts.jsx';

export function Select({ field, path, value, onChange, lang, frame }) {
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <FieldLabel field={field} htmlFor={frame.id} lang={lang} optional={frame.optional} />
      <Hint field={field} id={frame.hintId} lang={lang} />
      <ErrorText id={frame.errId} messages={frame.messages} />
      <select id={frame.id} className="ts-input" value={value ?? ''} aria-describedby={frame.describedBy}
        aria-invalid={frame.invalid} onChange={(e) => onChange(path, e.target.value)}>
        <option value="">{t('ui.field.choose', {}, lang)}</option>
        {(field.options || []).map((o) => <option key={o.value} value={o.value}>{tx(o.label, lang)}</option>)}
      </select>
    </div>
  );
}
