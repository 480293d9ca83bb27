// A fieldset of radio buttons or checkboxes (GOV.UK style): what radio.jsx, yes-no.jsx and
// checkbox.jsx each render with their own options and selection rule.
import React from 'react';
import { tx } from '../i18n.js';
import { ErrorText, Hint, Legend } from './parts.jsx';

/** `isChecked(option)`, `onPick(option, checked)`; `multi` renders checkboxes. */
export function ChoiceList({ field, path, lang, frame, options, multi = false, isChecked, onPick }) {
  const { base } = frame;
  return (
    <div className={frame.cls} data-field={path} data-type={field.type}>
      <fieldset className="ts-fieldset" aria-describedby={frame.describedBy}>
        <Legend field={field} lang={lang} optional={frame.optional} />
        <Hint field={field} id={frame.hintId} lang={lang} />
        <ErrorText id={frame.errId} messages={frame.messages} />
        <div className="ts-radios">
          {options.map((o, i) => (
            <div className="ts-radio" key={String(o.value)}>
              <input type={multi ? 'checkbox' : 'radio'} id={`${base}-${i}`} name={base} value={String(o.value)}
                checked={isChecked(o)} onChange={(e) => onPick(o, e.target.checked)} />
              <label htmlFor={`${base}-${i}`}>{tx(o.label, lang)}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
