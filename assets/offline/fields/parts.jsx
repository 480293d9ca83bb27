// Small pieces every field widget uses: its label or legend (with "(không bắt buộc)"), its hint,
// and its inline error text (tied to the control by aria-describedby).
import React from 'react';
import { t, tx } from '../i18n.js';

function Optional({ lang }) {
  return <span className="ts-optional">{` ${t('ui.field.optional', {}, lang)}`}</span>;
}

/** A label that already ends in a parenthesis ("(nếu có)") says it is optional: no second one. */
export const saysOptional = (text) => /\)\s*$/.test(text || '');

export function FieldLabel({ field, htmlFor, lang, optional }) {
  const text = tx(field.label, lang);
  return <label htmlFor={htmlFor}>{text}{optional && !saysOptional(text) && <Optional lang={lang} />}</label>;
}

export function Legend({ field, lang, optional }) {
  const text = tx(field.label, lang);
  return <legend>{text}{optional && !saysOptional(text) && <Optional lang={lang} />}</legend>;
}

export function Hint({ field, id, lang }) {
  return field.hint ? <p className="ts-hint" id={id}>{tx(field.hint, lang)}</p> : null;
}

export function ErrorText({ id, messages }) {
  if (!messages.length) return null;
  return (
    <p className="ts-error-message" id={id}>
      {messages.map((m, i) => <span key={i}><span className="ts-vh">{`Lỗi: `}</span>{m}<br /></span>)}
    </p>
  );
}
