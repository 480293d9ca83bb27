// One-line text: names, ID numbers, phones, email, numbers, money (typed as text, checked by the
// rules; the keyboard follows the type).
import React from 'react';
import { ErrorText, FieldLabel, Hint } from './parts.jsx';
import { inputHints } from './frame.js';

export function TextInput({ field, path, value, onChange, lang, frame }) {
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <FieldLabel field={field} htmlFor={frame.id} lang={lang} optional={frame.optional} />
      <Hint field={field} id={frame.hintId} lang={lang} />
      <ErrorText id={frame.errId} messages={frame.messages} />
      <input id={frame.id} type={field.type === 'email' ? 'email' : 'text'} className={`ts-input ts-input-${field.type}`}
        value={value ?? ''} {...inputHints(field.type)} spellCheck={false}
        aria-describedby={frame.describedBy} aria-invalid={frame.invalid}
        onChange={(e) => onChange(path, e.target.value)} />
    </div>
  );
}
