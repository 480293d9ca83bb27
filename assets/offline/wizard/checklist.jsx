// The document checklist (documents screen and check page): every mandatory document, missing
// or attached; `required_if` follows the current answers (model.checklist).
import React from 'react';
import { t, tx } from '../i18n.js';

export function Checklist({ items, lang }) {
  if (!items.length) return null;
  const missing = items.filter((i) => i.missing);
  return (
    <section className="ts-panel" aria-labelledby="ts-checklist-h" data-testid="checklist">
      <h2 className="ts-h3" id="ts-checklist-h">{t('ui.checklist.title', {}, lang)}</h2>
      <p>{missing.length ? t('ui.checklist.missing_count', { count: missing.length }, lang) : t('ui.checklist.complete', {}, lang)}</p>
      <ul className="ts-checklist">
        {items.filter((i) => i.required || i.attached).map((i) => (
          <li key={i.id} data-doc={i.id} data-status={i.missing ? 'missing' : 'ok'} className={i.missing ? 'ts-missing' : 'ts-ok'}>
            <span aria-hidden="true">{i.missing ? '✗ ' : '✓ '}</span>
            {tx(i.name, lang)} — {t(i.missing ? 'ui.checklist.missing' : 'ui.checklist.attached', {}, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}
