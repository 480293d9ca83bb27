// Small pieces every field widget uses: its label or legend (with "(không bắt buộc)"), its hint,
// and its inline error text (tied to the control by aria-describedby).
import React from 'react';
import { t, tx } from '../i18n.js';

function Optional({ lang }) {
  return <span className="ts-optional">{` ${t('ui.field.optional', {}, lang)}`}</span>;
}

export function FieldLabel({ field, htmlFor, lang, optional }) {
  return <label htmlFor={htmlFor}>{tx(field.label, lang)}{optional && <Optional lang={lang} />}</label>;
}

export function Legend({ field, lang, optional }) {
  return <legend>{tx(field.label, lang)}{optional && <Optional lang={lang} />}</legend>;
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
