// Several lines of free text.
import React from 'react';
import { ErrorText, FieldLabel, Hint } from './parts.jsx';

export function LongText({ field, path, value, onChange, lang, frame }) {
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <FieldLabel field={field} htmlFor={frame.id} lang={lang} optional={frame.optional} />
      <Hint field={field} id={frame.hintId} lang={lang} />
      <ErrorText id={frame.errId} messages={frame.messages} />
      <textarea id={frame.id} className="ts-input" rows={4} value={value ?? ''}
        aria-describedby={frame.describedBy} aria-invalid={frame.invalid} onChange={(e) => onChange(path, e.target.value)} />
    </div>
  );
}
