// The GOV.UK-style error summary: role alert, focused when shown, one link per error that moves
// focus to the field (on another screen when needed).
import React from 'react';
import { t } from '../i18n.js';

export function ErrorSummary({ errors, lang, onJump, summaryRef }) {
  if (!errors.length) return null;
  return (
    <div className="ts-error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="ts-es-h">
      <h2 className="ts-h2" id="ts-es-h">{t('ui.errors.title', {}, lang)}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.path}-${i}`}><a href={`#${e.target}`} onClick={(ev) => { ev.preventDefault(); onJump(e); }}>{e.text}</a></li>
        ))}
      </ul>
    </div>
  );
}
