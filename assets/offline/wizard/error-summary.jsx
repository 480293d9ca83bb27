// The GOV.UK-style error summary: role alert, focused when shown, one link per error that moves
// focus to the field (on another screen when needed).
import React from 'react';
import { t } from '../i18n.js';

function Links({ errors, onJump }) {
  return (
    <ul>
      {errors.map((e, i) => (
        <li key={`${e.path}-${i}`}><a href={`#${e.target}`} onClick={(ev) => { ev.preventDefault(); onJump(e); }}>{e.text}</a></li>
      ))}
    </ul>
  );
}

/** Empty required fields are said once ("N required items are empty:") and listed by name. */
export function ErrorSummary({ errors, lang, onJump, summaryRef }) {
  if (!errors.length) return null;
  const missing = errors.filter((e) => e.missing);
  const other = errors.filter((e) => !e.missing);
  return (
    <div className="ts-error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="ts-es-h">
      <h2 className="ts-h2" id="ts-es-h">{t('ui.errors.title', {}, lang)}</h2>
      {missing.length > 0 && <p data-testid="missing-count">{t('assist.missing_count', { count: missing.length }, lang)}</p>}
      {missing.length > 0 && <Links errors={missing} onJump={onJump} />}
      {other.length > 0 && <Links errors={other} onJump={onJump} />}
    </div>
  );
}
